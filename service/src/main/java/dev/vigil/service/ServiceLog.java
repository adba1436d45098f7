package dev.vigil.service;

import dev.vigil.core.log.LogLine;

import java.io.PrintStream;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One-line messages, the same {@link LogLine}s as the agent's log ({@code 2026-11-28T01:40:12Z [vigil] INFO ...}),
 * on stderr, where jsvc's -errfile, procrun's StdError, WinSW's err.log and the journal all pick it up. The sink can
 * be replaced so tests (and the agent) can take the lines.
 */
public final class ServiceLog {
    private static volatile Consumer<String> sink = ServiceLog::toStderr;

    private ServiceLog() {
    }

    public static void info(String message) {
        write("INFO", message);
    }

    public static void warn(String message) {
        write("WARN", message);
    }

    /** Sends every later line to {@code lines} instead of stderr; returns the previous sink. */
    public static Consumer<String> redirect(Consumer<String> lines) {
        Consumer<String> previous = sink;
        sink = Objects.requireNonNull(lines);
        return previous;
    }

    private static void write(String level, String message) {
        String line = LogLine.of(level, message, System.currentTimeMillis());
        try {
            sink.accept(line);
        } catch (RuntimeException ignored) {
            // a broken log must never take the service down
        }
    }

    private static void toStderr(String line) {
        PrintStream err = System.err;
        err.println(line);
    }
}
