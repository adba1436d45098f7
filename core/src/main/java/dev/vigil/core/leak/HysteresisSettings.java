package dev.vigil.core.leak;

/**
 * How round-by-round trend verdicts become a stable status.
 *
 * @param escalateAfterMillis    suspected becomes leaking after growth was seen continuously this long (default 10 min)
 * @param clearAfterMillis       suspected or leaking goes back to ok only after the trend was seen stopped
 *                               continuously this long (default 10 min)
 * @param urgentExhaustionMillis growth that would exhaust the resource within this time is leaking at once (30 min)
 * @param leakingConfidence      confidence (1 − p) needed to escalate to leaking (default 0.999)
 */
public record HysteresisSettings(long escalateAfterMillis, long clearAfterMillis, long urgentExhaustionMillis,
                                 double leakingConfidence) {
    public HysteresisSettings {
        if (escalateAfterMillis < 0 || clearAfterMillis < 0 || urgentExhaustionMillis < 0) {
            throw new IllegalArgumentException("durations must not be negative");
        }
        if (!(leakingConfidence > 0 && leakingConfidence <= 1)) {
            throw new IllegalArgumentException("leakingConfidence must be in (0, 1]");
        }
    }

    public static HysteresisSettings defaults() {
        return new HysteresisSettings(10 * TrendSettings.MINUTE_MILLIS, 10 * TrendSettings.MINUTE_MILLIS,
                30 * TrendSettings.MINUTE_MILLIS, 0.999);
    }
}
