package dev.vigil.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code vigil stop}: asks a running service to stop gracefully and waits for it. On Linux and macOS that is a
 * SIGTERM ({@link ProcessHandle#destroy()}), which the runner, jsvc and systemd all treat as "stop gracefully". On
 * Windows a process cannot be sent a console Ctrl+C from outside its console, so it says to use the service manager
 * ({@code sc stop}, {@code prunsrv //SS//}, {@code winsw stop}) rather than kill the service.
 */
public final class ServiceStopper {
    public enum Outcome { STOPPED, NOT_RUNNING, STILL_RUNNING, UNSUPPORTED }

    public record Result(Outcome outcome, long pid, String message) {
    }

    private ServiceStopper() {
    }

    /** Reads a pid from a pidfile (jsvc's, or ServiceMain's {@code -Dvigil.service.pidfile}). */
    public static long readPidfile(Path pidfile) throws IOException {
        String text = Files.readString(pidfile, StandardCharsets.US_ASCII).trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IOException(pidfile + " does not hold a pid: '" + text + "'");
        }
    }

    public static Result stop(long pid, Duration timeout) {
        if (System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows")) {
            return new Result(Outcome.UNSUPPORTED, pid, "on Windows stop the service through its manager: "
                    + "sc stop NAME (procrun or WinSW), prunsrv //SS//NAME, or NAME.exe stop (WinSW)");
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return new Result(Outcome.NOT_RUNNING, pid, "no process " + pid + " is running");
        }
        ProcessHandle process = handle.get();
        if (!process.destroy()) {
            return new Result(Outcome.STILL_RUNNING, pid, "could not signal process " + pid);
        }
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Result(Outcome.STOPPED, pid, "process " + pid + " stopped");
        } catch (TimeoutException e) {
            return new Result(Outcome.STILL_RUNNING, pid, "process " + pid + " still runs after "
                    + timeout.toSeconds() + "s; it may still be draining (a second stop forces it)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(Outcome.STILL_RUNNING, pid, "interrupted while waiting");
        } catch (ExecutionException e) {
            return new Result(Outcome.STOPPED, pid, "process " + pid + " stopped");
        }
    }
}
