package dev.vigil.core.leak;

import dev.vigil.core.leak.stats.TheilSen;

/**
 * One round's trend test on one series, in one chosen window: the numbers and the verdict before hysteresis.
 * Slopes are per minute in the series' unit; {@code fit} and {@code recentFit} have x in minutes relative to
 * {@code toMillis} (so a fit's intercept is the fitted level now). Fits are null while warming up. The reason is
 * written when read ({@link ReasonText}).
 */
public record TrendAssessment(TrendVerdict verdict, long windowMillis, long fromMillis, long toMillis,
                              long bucketMillis, int pointsInWindow, int pointsUsed, TheilSen.Fit fit,
                              TheilSen.Fit recentFit, boolean plateau, double growthOverWindow,
                              ReasonText reasonText) {
    /** The verdict in words, e.g. "grows 1.2 MiB/min over the last 40 min (95% CI ...)". */
    public String reason() {
        return reasonText.get();
    }

    public double slopePerMinute() {
        return fit == null ? 0 : fit.slope();
    }

    /** The fitted level at {@code toMillis}: the robust "current value" of the (enveloped) series. */
    public double levelNow() {
        return fit == null ? Double.NaN : fit.intercept();
    }

    /** 1 − one-sided p-value that the series increases; for a levelled-off window, that of the recent part. */
    public double confidence() {
        if (fit == null) return 0;
        TheilSen.Fit basis = plateau && recentFit != null ? recentFit : fit;
        return Math.max(0, Math.min(1, 1 - basis.pValueIncreasing()));
    }
}
