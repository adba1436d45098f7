package dev.vigil.core.notify;

import java.util.Map;

/**
 * What happened, for people ({@code title}, {@code text}) and for machines ({@code event}, e.g. a leak verdict as
 * /debug/leaks shows it).
 */
public record Notification(String title, String text, Map<String, Object> event) {
}
