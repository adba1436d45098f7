package dev.vigil.service;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One-line messages in the same shape as the agent's log ({@code 2024-01-01 12:00:00 [vigil] INFO ...}) on stderr,
 * where jsvc's -errfile, procrun's StdError, WinSW's err.log and the journal all pick it up. The sink can be
 * replaced so tests (and the agent) can take the lines.
 */
public final class ServiceLog {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
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
        String line = LocalDateTime.now().format(TIME) + " [vigil] " + level + " " + message.replace('\n', ' ');
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
