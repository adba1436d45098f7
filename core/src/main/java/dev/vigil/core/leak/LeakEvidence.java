package dev.vigil.core.leak;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Why a finding says what it says: the series, the window, the fit and the tests. Slopes are per minute in the
 * finding's unit.
 *
 * @param series               name of the series the trend was fitted on (for native: a derived series)
 * @param baselinePool         heap only: the memory pool whose after-GC usage is the live-set baseline; else null
 * @param verdict              this round's trend verdict before hysteresis
 * @param pointsInWindow       raw points in the chosen window
 * @param pointsUsed           lower-envelope points the fit used
 * @param windowMillis         the chosen window's length
 * @param fromMillis           start of the data used
 * @param toMillis             end of the window (the evaluation time)
 * @param bucketMillis         lower-envelope bucket width
 * @param slopePerMinute       Theil–Sen slope
 * @param slopeLowPerMinute    lower bound of its confidence interval
 * @param slopeHighPerMinute   upper bound
 * @param kendallTau           Mann–Kendall tau
 * @param pValue               one-sided p-value of "no increase"
 * @param recentSlopePerMinute slope over the newest part of the window (plateau test); null when too few points
 * @param plateau              true when significant growth levelled off
 * @param levelNow             fitted level of the enveloped series now
 * @param limit                the resource's limit (max heap, max fds, ...) or null when it has none or is unknown
 * @param reasonText           one or two sentences a person can read, written when read ({@link ReasonText})
 * @param details              detector-specific extras (e.g. unloaded classes per minute), JSON-friendly values
 */
public record LeakEvidence(String series, String baselinePool, TrendVerdict verdict, int pointsInWindow,
                           int pointsUsed, long windowMillis, long fromMillis, long toMillis, long bucketMillis,
                           double slopePerMinute, double slopeLowPerMinute, double slopeHighPerMinute,
                           double kendallTau, double pValue, Double recentSlopePerMinute, boolean plateau,
                           double levelNow, Double limit, ReasonText reasonText,
                           Map<String, Object> details) {
    public LeakEvidence {
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public String reason() {
        return reasonText.get();
    }

    /** The same evidence with another reason sentence. */
    public LeakEvidence withReason(ReasonText newReason) {
        return new LeakEvidence(series, baselinePool, verdict, pointsInWindow, pointsUsed, windowMillis, fromMillis,
                toMillis, bucketMillis, slopePerMinute, slopeLowPerMinute, slopeHighPerMinute, kendallTau, pValue,
                recentSlopePerMinute, plateau, levelNow, limit, newReason, details);
    }

    /** JSON-ready map with snake_case keys; NaN and infinities become null. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("series", series);
        if (baselinePool != null) m.put("baseline_pool", baselinePool);
        m.put("verdict", verdict.name().toLowerCase(java.util.Locale.ROOT));
        m.put("reason", reason());
        m.put("points_in_window", pointsInWindow);
        m.put("points_used", pointsUsed);
        m.put("window_millis", windowMillis);
        m.put("from", LeakFinding.iso(fromMillis));
        m.put("to", LeakFinding.iso(toMillis));
        m.put("bucket_millis", bucketMillis);
        m.put("slope_per_minute", finite(slopePerMinute));
        m.put("slope_ci_low_per_minute", finite(slopeLowPerMinute));
        m.put("slope_ci_high_per_minute", finite(slopeHighPerMinute));
        m.put("kendall_tau", finite(kendallTau));
        m.put("p_value", finite(pValue));
        m.put("recent_slope_per_minute", recentSlopePerMinute == null ? null : finite(recentSlopePerMinute));
        m.put("plateau", plateau);
        m.put("level_now", finite(levelNow));
        m.put("limit", limit);
        if (!details.isEmpty()) m.put("details", details);
        return m;
    }

    static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
