package dev.vigil.service;

import java.time.Duration;

/** What a starting service gets from its runner. */
public interface ServiceContext {
    /** Opens a resource for the life of the service: closed on stop (or failed start) in reverse order of opening. */
    <T extends AutoCloseable> T open(String name, T resource);

    /** The in-flight gate: wrap every unit of work (request, message, job) in {@link InFlightGate#tryEnter()}. */
    InFlightGate gate();

    /**
     * A slow start is still making progress: asks the service manager for more time (systemd EXTEND_TIMEOUT_USEC)
     * and shows {@code status} (systemd STATUS=, /debug/vars).
     */
    void startProgress(String status, Duration moreTime);

    /** True once a stop was requested; a long start should check it and give up early. */
    boolean stopRequested();

    /** Reports a failure found while running (a worker died): the runner stops the service and exits non-zero. */
    void fail(Throwable cause);

    /** The program arguments after the service class name. */
    java.util.List<String> arguments();
}
