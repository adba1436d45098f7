package dev.vigil.agent;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One-line messages on the host's stderr, prefixed {@code [vigil]}. Deliberately not routed through the host's
 * logging framework: the agent must not initialise, configure or depend on it.
 * Times are UTC ({@code 2026-11-28T01:40:12Z}): the local zone would load the zone database and a formatter the locale
 * data, about a hundred classes at the host's start-up whose work makes C2 compile JDK core methods from the agent's
 * profile (BENCHMARKS.md, "what the agent's start-up leaves in the JIT").
 */
public final class AgentLog {
    /** Messages said once already (repeating failures are logged once per distinct text). */
    private static final Set<String> SAID_ONCE = ConcurrentHashMap.newKeySet();
    private static final int MAX_REMEMBERED = 1000;
    private static volatile PrintStream out = System.err;

    private AgentLog() {
    }

    public static void info(String message) {
        write("INFO", message);
    }

    public static void warn(String message) {
        write("WARN", message);
    }

    /** Logs a message only the first time this exact text is seen, so a failing probe does not flood the log. */
    public static void warnOnce(String message) {
        if (SAID_ONCE.size() < MAX_REMEMBERED && SAID_ONCE.add(message)) {
            write("WARN", message);
        }
    }

    private static void write(String level, String message) {
        String line = utcTimestamp(System.currentTimeMillis()) + " [vigil] " + level + " " + message.replace('\n', ' ');
        try {
            out.println(line);
        } catch (RuntimeException ignored) {
            // a closed or broken stderr must never reach the host
        }
    }

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
