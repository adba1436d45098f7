package dev.vigil.core.leak;

/**
 * A sustained-threshold rule: usage at or above {@code thresholdFraction} of the max for at least
 * {@code minConsecutiveSamples} consecutive samples spanning at least {@code minDurationMillis}.
 *
 * @param name                  rule id in results and logs
 * @param thresholdFraction     e.g. 0.85 for 85%
 * @param minConsecutiveSamples consecutive samples at or above the threshold (newest included)
 * @param minDurationMillis     time from the first to the newest of those samples
 */
public record ThresholdRuleSettings(String name, double thresholdFraction, int minConsecutiveSamples,
                                    long minDurationMillis) {
    public ThresholdRuleSettings {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("rule needs a name");
        if (!(thresholdFraction > 0 && thresholdFraction <= 1)) {
            throw new IllegalArgumentException("thresholdFraction must be in (0, 1]");
        }
        if (minConsecutiveSamples < 1) throw new IllegalArgumentException("minConsecutiveSamples must be >= 1");
        if (minDurationMillis < 0) throw new IllegalArgumentException("minDurationMillis must not be negative");
    }

    /** The seed's first rule: memory above 90% of max for 3 consecutive samples (pass heap.used_bytes, max heap). */
    public static ThresholdRuleSettings memoryAboveThreshold() {
        return new ThresholdRuleSettings("memory-above-threshold", 0.90, 3, 0);
    }

    /** The seed's second rule: old gen above 85% for 3 minutes (pass pool.&lt;old&gt;.used_bytes, old pool max). */
    public static ThresholdRuleSettings oldGenAboveThreshold() {
        return new ThresholdRuleSettings("old-gen-above-threshold", 0.85, 2, 3 * TrendSettings.MINUTE_MILLIS);
    }
}
