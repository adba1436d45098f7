package dev.vigil.core.leak;

import java.util.List;

/**
 * How a growth trend is tested on one series. One instance per resource; {@link DetectorSettings#defaults()} holds
 * the tuned defaults, {@code with*} methods change one value.
 *
 * @param windowsMillis       windows tested, shortest first (default 30 min, 2 h, 12 h). A short window sees a fast
 *                            leak early; a long one sees a slow leak under noise. A window is only tested when it adds
 *                            data that the shorter one did not cover.
 * @param envelopeMillis      lower-envelope bucket width: the minimum of each bucket is one point of the fit. Should
 *                            be at least the period of the resource's normal sawtooth (GC cycles, pool keep-alive).
 *                            Narrowed while the data are still short so a fit always has {@code minEnvelopePoints}.
 * @param maxPoints           most points a fit sees (Theil–Sen is O(n²)); buckets widen to respect it (default
 *                            120: 7,140 pairwise slopes)
 * @param minPoints           raw points needed before any judgement (warm-up gate)
 * @param minEnvelopePoints   bucketed points a window needs to be fitted
 * @param warmUpMillis        span of data needed before any judgement (warm-up gate)
 * @param recentFraction      the plateau test fits the newest part of each window, this fraction of it
 * @param plateauRatio        growth has levelled off when the recent slope is at most this fraction of the window's
 * @param significance        one-sided Mann–Kendall p-value at or below which growth is significant
 * @param stopPValue          p-value at or above which growth has clearly stopped (between the two: unclear)
 * @param confidenceLevel     two-sided level of the reported slope interval; growing needs its lower bound above 0
 * @param minGrowthPerMinute  slower growth is too small to matter, in the resource's unit per minute
 * @param minRelativeGrowth   growth over the window must be at least this fraction of the current level
 * @param troughsOnly         fit only the points where the series dropped (a collection freed something), when a
 *                            window has enough of them: under a promotion sawtooth those are the live-set
 *                            measurements. Heap and direct buffers: true. Six troughs suffice to fit. A window
 *                            with 3 or more drops but fewer than 6 troughs is not judged (a sawtooth that has not
 *                            cycled enough would pass its phase off as a trend); with fewer than 3 drops (a
 *                            monotone series) every point counts.
 */
public record TrendSettings(List<Long> windowsMillis, long envelopeMillis, int maxPoints, int minPoints,
                            int minEnvelopePoints, long warmUpMillis, double recentFraction, double plateauRatio,
                            double significance, double stopPValue, double confidenceLevel,
                            double minGrowthPerMinute, double minRelativeGrowth, boolean troughsOnly) {
    public static final long MINUTE_MILLIS = 60_000L;

    public TrendSettings {
        windowsMillis = List.copyOf(windowsMillis);
        if (windowsMillis.isEmpty()) throw new IllegalArgumentException("at least one window");
        for (int i = 0; i < windowsMillis.size(); i++) {
            if (windowsMillis.get(i) <= 0) throw new IllegalArgumentException("windows must be positive");
            if (i > 0 && windowsMillis.get(i) <= windowsMillis.get(i - 1)) {
                throw new IllegalArgumentException("windows must be in ascending order");
            }
        }
        if (envelopeMillis < 1) throw new IllegalArgumentException("envelopeMillis must be positive");
        if (maxPoints < 10 || maxPoints > 500) throw new IllegalArgumentException("maxPoints must be in 10..500");
        if (minEnvelopePoints < 5 || minEnvelopePoints > maxPoints) {
            throw new IllegalArgumentException("minEnvelopePoints must be in 5..maxPoints");
        }
        if (minPoints < minEnvelopePoints) throw new IllegalArgumentException("minPoints must be >= minEnvelopePoints");
        if (warmUpMillis < 0) throw new IllegalArgumentException("warmUpMillis must not be negative");
        if (!(recentFraction > 0 && recentFraction < 1)) throw new IllegalArgumentException("recentFraction in (0,1)");
        if (!(plateauRatio >= 0 && plateauRatio < 1)) throw new IllegalArgumentException("plateauRatio in [0,1)");
        if (!(significance > 0 && significance < stopPValue && stopPValue < 1)) {
            throw new IllegalArgumentException("need 0 < significance < stopPValue < 1");
        }
        if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
            throw new IllegalArgumentException("confidenceLevel in (0,1)");
        }
        if (minGrowthPerMinute < 0 || minRelativeGrowth < 0) throw new IllegalArgumentException("minimums >= 0");
    }

    /** The shared defaults with the given sawtooth width and materiality floor. */
    public static TrendSettings of(long envelopeMillis, double minGrowthPerMinute, double minRelativeGrowth) {
        return new TrendSettings(List.of(30 * MINUTE_MILLIS, 120 * MINUTE_MILLIS, 720 * MINUTE_MILLIS),
                envelopeMillis, 120, 20, 10, 10 * MINUTE_MILLIS, 1.0 / 3, 0.3, 0.01, 0.2, 0.95,
                minGrowthPerMinute, minRelativeGrowth, false);
    }

    public TrendSettings withWindowsMillis(List<Long> windows) {
        return new TrendSettings(windows, envelopeMillis, maxPoints, minPoints, minEnvelopePoints, warmUpMillis,
                recentFraction, plateauRatio, significance, stopPValue, confidenceLevel, minGrowthPerMinute,
                minRelativeGrowth, troughsOnly);
    }

    public TrendSettings withEnvelopeMillis(long envelope) {
        return new TrendSettings(windowsMillis, envelope, maxPoints, minPoints, minEnvelopePoints, warmUpMillis,
                recentFraction, plateauRatio, significance, stopPValue, confidenceLevel, minGrowthPerMinute,
                minRelativeGrowth, troughsOnly);
    }

    public TrendSettings withWarmUp(long warmUp, int minimumPoints) {
        return new TrendSettings(windowsMillis, envelopeMillis, maxPoints, minimumPoints, minEnvelopePoints, warmUp,
                recentFraction, plateauRatio, significance, stopPValue, confidenceLevel, minGrowthPerMinute,
                minRelativeGrowth, troughsOnly);
    }

    public TrendSettings withMaxPoints(int max) {
        return new TrendSettings(windowsMillis, envelopeMillis, max, minPoints, minEnvelopePoints, warmUpMillis,
                recentFraction, plateauRatio, significance, stopPValue, confidenceLevel, minGrowthPerMinute,
                minRelativeGrowth, troughsOnly);
    }

    public TrendSettings withMinGrowth(double perMinute, double relative) {
        return new TrendSettings(windowsMillis, envelopeMillis, maxPoints, minPoints, minEnvelopePoints, warmUpMillis,
                recentFraction, plateauRatio, significance, stopPValue, confidenceLevel, perMinute, relative,
                troughsOnly);
    }

    public TrendSettings withTroughsOnly(boolean troughs) {
        return new TrendSettings(windowsMillis, envelopeMillis, maxPoints, minPoints, minEnvelopePoints, warmUpMillis,
                recentFraction, plateauRatio, significance, stopPValue, confidenceLevel, minGrowthPerMinute,
                minRelativeGrowth, troughs);
    }

    public TrendSettings withSignificance(double significanceLevel, double stopP) {
        return new TrendSettings(windowsMillis, envelopeMillis, maxPoints, minPoints, minEnvelopePoints, warmUpMillis,
                recentFraction, plateauRatio, significanceLevel, stopP, confidenceLevel, minGrowthPerMinute,
                minRelativeGrowth, troughsOnly);
    }
}
