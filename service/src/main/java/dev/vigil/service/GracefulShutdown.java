package dev.vigil.service;

import java.time.Duration;

/**
 * The stop sequence, in the order that loses nothing: refuse new work, let the service stop its intake, wait for
 * work in flight up to the deadline, then close resources in reverse order of opening. All steps share one
 * deadline.
 */
public final class GracefulShutdown {
    private final InFlightGate gate;
    private final ResourceStack resources;

    public GracefulShutdown(InFlightGate gate, ResourceStack resources) {
        this.gate = gate;
        this.resources = resources;
    }

    /** @param service null when the service never started (only resources are closed) */
    /**
     * Runs {@link Service#stop} on its own thread so a stop that hangs cannot hold the sequence past the deadline:
     * the drain and the closes still happen, and the hang is reported.
     */
    private static String stopWithin(Service service, Deadline deadline) {
        String[] error = new String[1];
        Thread stopper = new Thread(() -> {
            try {
                service.stop(deadline);
            } catch (InterruptedException e) {
                error[0] = e.toString();
            } catch (Exception | LinkageError e) {
                error[0] = e.toString();
            }
        }, "vigil-service-stop");
        stopper.setDaemon(true);
        stopper.start();
        try {
            stopper.join(Math.max(deadline.remainingMillis(), 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while waiting for " + service.name() + ".stop";
        }
        if (stopper.isAlive()) {
            ServiceLog.warn(service.name() + ".stop did not return before the deadline");
            return service.name() + ".stop did not return before the deadline";
        }
        if (error[0] != null) ServiceLog.warn(service.name() + ".stop failed: " + error[0]);
        return error[0];
    }

    public ShutdownReport run(Service service, String reason, Duration timeout) {
        long startNanos = System.nanoTime();
        Deadline deadline = Deadline.after(timeout);
        gate.close();
        String stopError = service == null ? null : stopWithin(service, deadline);
        boolean drained;
        try {
            drained = gate.awaitDrained(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = gate.inFlight() == 0;
        }
        long abandoned = drained ? 0 : gate.inFlight();
        if (!drained) {
            ServiceLog.warn("stop deadline of " + timeout.toMillis() + "ms passed with " + abandoned
                    + " unit(s) of work in flight; closing anyway");
        }
        // closing gets what is left of the budget, but at least a short grace so quick closes still happen
        Deadline closeDeadline = deadline.expired() ? Deadline.after(Duration.ofSeconds(1)) : deadline;
        var failures = resources.closeAll(closeDeadline);
        long elapsedMillis = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
        return new ShutdownReport(reason, drained, abandoned, stopError, failures, elapsedMillis);
    }
}
