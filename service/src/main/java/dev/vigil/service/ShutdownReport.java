package dev.vigil.service;

import java.util.List;

/**
 * What a stop did.
 *
 * @param reason what asked for the stop (SIGTERM, jsvc stop, procrun stop, ...)
 * @param drained true when no work was in flight at the end
 * @param abandoned units of work still in flight when the deadline passed
 * @param stopError what {@link Service#stop} threw, or null
 * @param closeFailures resources that failed to close
 * @param elapsedMillis from the stop request to the last close
 */
public record ShutdownReport(String reason, boolean drained, long abandoned, String stopError,
                             List<ResourceStack.CloseFailure> closeFailures, long elapsedMillis) {

    /** The exit code this stop deserves: 0 only when everything drained and closed. */
    public ExitCode exitCode() {
        if (!drained) return ExitCode.STOP_DEADLINE_EXCEEDED;
        if (stopError != null || !closeFailures.isEmpty()) return ExitCode.STOP_FAILED;
        return ExitCode.CLEAN_STOP;
    }
}
