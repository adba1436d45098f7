package dev.vigil.core.config;

import dev.vigil.core.notify.WebhookFormat;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The kind of value a configuration key holds: how its text is parsed and checked, how a value is written back,
 * and the name the configuration table gives it.
 * <p>
 * The kinds are eight classes rather than a parser and a formatter lambda per key (21 lambda sites) because the keys
 * are built in the agent's start-up, before the host's first request: a lambda site is linked through method handles
 * at its first use and a class is loaded, each about 20-30 {@code StringBuilder} calls, and those calls shape how the
 * JIT compiles the host's own string building (ARCHITECTURE.md, "What runs every round shares the host's JIT").
 *
 * @param <T> the typed value
 */
public sealed interface ValueType<T> {
    /** The type column of the configuration table, e.g. {@code duration} or {@code true|false}. */
    String name();

    /** Parses and checks; throws {@link IllegalArgumentException} with a sentence that names the problem. */
    T parse(String text);

    /** The text that {@link #parse} reads back as {@code value}. */
    default String format(T value) {
        return String.valueOf(value);
    }

    /** The text trimmed; blank text is an error for every kind that reads words or paths. */
    private static String nonBlank(String text) {
        if (text.isBlank()) throw new IllegalArgumentException("must not be empty");
        return text.trim();
    }

    /** A whole number from {@code min} to {@code max}, both included; {@code name} says what it counts. */
    record WholeNumber(String name, int min, int max) implements ValueType<Integer> {
        @Override
        public Integer parse(String text) {
            int value;
            try {
                value = Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a whole number");
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException(value + " is out of range (" + min + " to " + max + ")");
            }
            return value;
        }
    }

    /** {@code true}, {@code yes} or {@code on}; {@code false}, {@code no} or {@code off}. */
    record Flag() implements ValueType<Boolean> {
        @Override
        public String name() {
            return "true|false";
        }

        @Override
        public Boolean parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on" -> true;
                case "false", "no", "off" -> false;
                default -> throw new IllegalArgumentException("'" + text + "' is not true or false");
            };
        }
    }

    /** A duration written as {@link DurationText} reads it, from {@code min} to {@code max}. */
    record DurationRange(Duration min, Duration max) implements ValueType<Duration> {
        @Override
        public String name() {
            return "duration";
        }

        @Override
        public Duration parse(String text) {
            Duration d = DurationText.parse(text);
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new IllegalArgumentException("'" + text + "' is out of range (" + DurationText.format(min)
                        + " to " + DurationText.format(max) + ")");
            }
            return d;
        }

        @Override
        public String format(Duration value) {
            return DurationText.format(value);
        }
    }

    /** A file system path; not checked for existence (the key's user says what a missing file means). */
    record FilePath() implements ValueType<Path> {
        @Override
        public String name() {
            return "path";
        }

        @Override
        public Path parse(String text) {
            String path = nonBlank(text);
            try {
                return Path.of(path);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("'" + text + "' is not a valid path");
            }
        }
    }

    /** Any text that is not blank, trimmed. */
    record Text() implements ValueType<String> {
        @Override
        public String name() {
            return "text";
        }

        @Override
        public String parse(String text) {
            return nonBlank(text);
        }
    }

    /** An absolute http or https URL with a host. */
    record HttpUrl() implements ValueType<String> {
        @Override
        public String name() {
            return "URL";
        }

        @Override
        public String parse(String text) {
            try {
                URI uri = new URI(text.trim());
                if (uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                    return uri.toString();
                }
            } catch (URISyntaxException ignored) {
                // the same sentence as any other URL that is not http(s)
            }
            throw new IllegalArgumentException("'" + text + "' is not an http or https URL");
        }
    }

    /** A {@link WebhookFormat} by its lower-case name. */
    record WebhookFormatName() implements ValueType<String> {
        @Override
        public String name() {
            return "json|slack|wecom";
        }

        @Override
        public String parse(String text) {
            return WebhookFormat.parse(text).name().toLowerCase(Locale.ROOT);
        }
    }
}
