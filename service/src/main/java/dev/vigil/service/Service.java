package dev.vigil.service;

/**
 * What a long-running service implements so {@link ServiceRunner} can run it under jsvc, procrun, WinSW, systemd
 * or a plain {@code java} command — the JVM's counterpart of Go's {@code svc.Handler}.
 *
 * <pre>{@code
 * public final class OrderService implements Service {
 *     public void start(ServiceContext context) throws Exception {
 *         Database db = context.open("database", Database.connect(url));   // closed last
 *         HttpServer http = context.open("http", startHttp(context.gate())); // closed first
 *     }
 *     public void stop(Deadline deadline) {
 *         // new work is already refused by context.gate(); stop listeners, queues, schedulers here.
 *     }
 * }
 * }</pre>
 */
public interface Service {
    /**
     * Opens resources and starts taking work; returns once the service is ready (the runner then reports RUNNING,
     * READY=1 to systemd). Throwing fails the start: everything opened so far is closed in reverse order.
     */
    void start(ServiceContext context) throws Exception;

    /**
     * Called once a stop begins, after the runner's gate stopped admitting new work. Stop accepting (close listeners,
     * pause consumers) and return; the runner then waits for in-flight work up to the deadline and closes what
     * {@link ServiceContext#open} registered, in reverse order. The default does nothing.
     */
    default void stop(Deadline deadline) throws Exception {
    }

    /** Shown in logs and on /debug/vars. */
    default String name() {
        return getClass().getSimpleName();
    }
}
