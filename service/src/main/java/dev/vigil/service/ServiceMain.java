package dev.vigil.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code java -cp app.jar:vigil.jar dev.vigil.service.ServiceMain com.acme.OrderService [args]}: runs a
 * {@link Service} under systemd ({@code Type=notify}), WinSW, or in a terminal, and exits with its
 * {@link ExitCode}. {@code -Dvigil.service.pidfile=PATH} writes the pid for {@code vigil stop --pidfile}.
 */
public final class ServiceMain {
    public static final String PIDFILE = "vigil.service.pidfile";

    private ServiceMain() {
    }

    public static void main(String[] args) {
        ServiceRunner runner;
        try {
            runner = ServiceLaunch.builder(args, System.getProperties()).build();
        } catch (IllegalArgumentException e) {
            ServiceLog.warn(e.getMessage());
            System.exit(ExitCode.START_FAILED.code());
            return;
        }
        Path pidfile = writePidfile(System.getProperty(PIDFILE));
        int code = runner.run();
        if (pidfile != null) {
            try {
                Files.deleteIfExists(pidfile);
            } catch (IOException ignored) {
                // a stale pidfile names a dead pid; vigil stop checks before signalling
            }
        }
        System.exit(code);
    }

    private static Path writePidfile(String path) {
        if (path == null || path.isBlank()) return null;
        Path file = Path.of(path);
        try {
            Files.writeString(file, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
            return file;
        } catch (IOException e) {
            ServiceLog.warn("cannot write pidfile " + file + ": " + e.getMessage());
            return null;
        }
    }
}
