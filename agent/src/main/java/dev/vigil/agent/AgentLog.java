package dev.vigil.agent;

import dev.vigil.core.log.LogLine;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One-line messages on the host's stderr, prefixed {@code [vigil]}. Deliberately not routed through the host's
 * logging framework: the agent must not initialise, configure or depend on it. The lines are {@link LogLine}s, the
 * same as the service host's.
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
        String line = LogLine.of(level, message, System.currentTimeMillis());
        try {
            out.println(line);
        } catch (RuntimeException ignored) {
            // a closed or broken stderr must never reach the host
        }
    }
}
