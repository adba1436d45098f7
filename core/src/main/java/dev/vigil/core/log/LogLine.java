package dev.vigil.core.log;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The one shape of Vigil's own log lines, for the agent's and the service host's alike:
 * {@code 2026-11-28T01:40:12Z [vigil] INFO message}, one line, stamped in UTC. UTC because the local zone would load
 * the zone database and a formatter the locale data, about a hundred classes at the host's start-up whose work makes
 * C2 compile JDK core methods from the agent's profile (BENCHMARKS.md, "what the agent's start-up leaves in the
 * JIT").
 */
public final class LogLine {
    private LogLine() {
    }

    /** The line for {@code message} at {@code level}; line breaks in the message become spaces. */
    public static String of(String level, String message, long epochMillis) {
        return utcTimestamp(epochMillis) + " [vigil] " + level + " " + message.replace('\n', ' ');
    }

    /** {@code 2026-11-28T01:40:12Z}: ISO 8601 in UTC to the whole second. */
    static String utcTimestamp(long epochMillis) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000L), 0, ZoneOffset.UTC);
        StringBuilder b = new StringBuilder(20).append(t.getYear()).append('-');
        twoDigits(b, t.getMonthValue()).append('-');
        twoDigits(b, t.getDayOfMonth()).append('T');
        twoDigits(b, t.getHour()).append(':');
        twoDigits(b, t.getMinute()).append(':');
        return twoDigits(b, t.getSecond()).append('Z').toString();
    }

    private static StringBuilder twoDigits(StringBuilder b, int value) {
        return b.append(value < 10 ? "0" : "").append(value);
    }
}
