package dev.vigil.service.config;

import dev.vigil.core.config.ConfigProblem;

import java.util.List;

/**
 * What one reload did.
 *
 * @param trigger what started it ("file changed", "poll", "manual")
 * @param changed keys now in force with new values
 * @param pendingRestart keys whose new value waits for a restart (they keep their running value)
 * @param problems every problem found, each with key and line, when the outcome is {@link Outcome#INVALID}
 * @param message one sentence for logs and /debug/config
 */
public record ReloadResult(Outcome outcome, String trigger, long atMillis, List<String> changed,
                           List<String> pendingRestart, List<ConfigProblem> problems, String message) {

    public enum Outcome {
        /** New values are in force and every listener accepted them. */
        APPLIED,
        /** Nothing that can change at runtime changed (some keys may wait for a restart). */
        UNCHANGED,
        /** The file did not parse or validate; the last good configuration stays. */
        INVALID,
        /** A listener rejected the change; everything was put back. */
        ROLLED_BACK
    }
}
