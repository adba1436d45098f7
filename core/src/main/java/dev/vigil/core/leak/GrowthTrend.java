package dev.vigil.core.leak;

import dev.vigil.core.leak.stats.LowerEnvelope;
import dev.vigil.core.leak.stats.TheilSen;
import dev.vigil.core.series.Series;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The trend test every leak detector shares: is this series still growing, materially and significantly?
 *
 * <p>Per window (shortest first): lower envelope (minimum per bucket, at most {@code maxPoints} buckets) → Theil–Sen
 * slope with Sen's confidence interval and the Mann–Kendall p-value → plateau test (Theil–Sen on the newest
 * {@code recentFraction} of the window; levelled off when the window grew significantly but the recent slope is at
 * most {@code plateauRatio} of the window's). The first window that is growing, or that levelled off, decides;
 * otherwise the shortest window's verdict (unclear or stopped) stands.
 *
 * <p>Stateless and allocation-bounded: at most {@code maxPoints²/2} doubles per fit.
 */
public final class GrowthTrend {
    /** Points a window gets at least (data permitting) while its span is shorter than 30 envelope widths. */
    static final int SHORT_DATA_POINTS = 30;
    /**
     * Troughs are floor measurements, so fewer suffice than bucketed points: with 6, a perfectly ordered series
     * reaches p = 0.004.
     */
    static final int MIN_TROUGHS = 6;
    /** With troughsOnly, this many drops mean a sawtooth: fewer troughs than needed leave the window unjudged. */
    static final int MIN_DROPS_FOR_SAWTOOTH = 3;
    /** Fewest points the plateau test fits. */
    static final int MIN_RECENT_POINTS = 5;
    /** A longer window levelled off when the shorter window's slope interval lies below this share of its slope. */
    static final double SHORTER_WINDOW_RATIO = 0.5;

    private static final ReasonText NO_DATA = ReasonText.of("no data yet");

    private GrowthTrend() {
    }

    public static TrendAssessment assess(Series.Points points, TrendSettings s, LeakUnit unit, long nowMillis) {
        Series.Points clean = usable(points, nowMillis);
        long[] times = clean.timesMillis();
        int n = times.length;
        long first = n == 0 ? 0 : times[0];
        long last = n == 0 ? 0 : times[n - 1];
        if (n == 0) {
            return warmingUp(s, nowMillis, 0, NO_DATA);
        }
        long span = last - first;
        if (n < s.minPoints() || span < s.warmUpMillis()) {
            return warmingUp(s, nowMillis, n, ReasonText.writtenBy(new WarmUpReason(n, s.minPoints(), span,
                    s.warmUpMillis())));
        }
        List<TrendAssessment> tested = new ArrayList<>();
        for (long window : s.windowsMillis()) {
            long from = nowMillis - window;
            TrendAssessment shorter = tested.isEmpty() ? null : tested.get(tested.size() - 1);
            long windowFrom = Math.max(from, first);
            int start = firstAtOrAfter(times, windowFrom);
            Series.Points slice = new Series.Points(Arrays.copyOfRange(times, start, n),
                    Arrays.copyOfRange(clean.values(), start, n));
            TrendAssessment a = assessWindow(slice, s, unit, nowMillis, window, windowFrom, shorter);
            if (a != null) {
                if (a.verdict() == TrendVerdict.GROWING || a.plateau()) return a;
                tested.add(a);
            }
            if (from <= first) break; // this window already covers all the data; longer ones add nothing
        }
        if (tested.isEmpty()) {
            return warmingUp(s, nowMillis, n, ReasonText.writtenBy(new TooFewPointsReason(
                    Math.min(MIN_TROUGHS, s.minEnvelopePoints()))));
        }
        // nothing grows: the most recent view (the shortest window) says whether growth is unclear or stopped
        return tested.get(0);
    }

    /** The points at or before now without NaNs, in time order (sorted only when a clock step disordered them). */
    static Series.Points usable(Series.Points points, long nowMillis) {
        if (points == null) return new Series.Points(new long[0], new double[0]);
        long[] t = points.timesMillis();
        double[] v = points.values();
        boolean sorted = true;
        int keep = 0;
        for (int i = 0; i < t.length; i++) {
            if (i > 0 && t[i] < t[i - 1]) sorted = false;
            if (t[i] <= nowMillis && !Double.isNaN(v[i])) keep++;
        }
        if (sorted && keep == t.length) return points;
        Integer[] order = new Integer[t.length];
        for (int i = 0; i < t.length; i++) order[i] = i;
        if (!sorted) Arrays.sort(order, (a, b) -> Long.compare(t[a], t[b]));
        long[] outT = new long[keep];
        double[] outV = new double[keep];
        int k = 0;
        for (Integer i : order) {
            if (t[i] <= nowMillis && !Double.isNaN(v[i])) {
                outT[k] = t[i];
                outV[k] = v[i];
                k++;
            }
        }
        return new Series.Points(outT, outV);
    }

    private static int firstAtOrAfter(long[] sortedTimes, long t) {
        int lo = 0;
        int hi = sortedTimes.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sortedTimes[mid] < t) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static TrendAssessment warmingUp(TrendSettings s, long now, int n, ReasonText reason) {
        return new TrendAssessment(TrendVerdict.WARMING_UP, s.windowsMillis().get(0), now, now, 0, n, 0, null, null,
                false, 0, reason);
    }

    private static TrendAssessment assessWindow(Series.Points points, TrendSettings s, LeakUnit unit, long now,
                                                long window, long from, TrendAssessment shorter) {
        long span = now - from;
        long capBucket = Math.max(1, (span + s.maxPoints() - 1) / s.maxPoints());
        Series.Points env = null;
        long bucket = capBucket;
        int minimum = s.minEnvelopePoints();
        if (s.troughsOnly()) {
            // troughs are already the floor: buckets only cap their number
            Series.Points drops = LowerEnvelope.drops(points, from, now);
            env = LowerEnvelope.of(drops, from, now, bucket, false);
            if (env.size() < Math.min(MIN_TROUGHS, s.minEnvelopePoints())) {
                // a sawtooth is visible but has not cycled often enough: its phase would pass for a trend
                if (drops.size() >= MIN_DROPS_FOR_SAWTOOTH) return null;
                env = null; // (nearly) monotone: every point is a floor
            } else {
                minimum = Math.min(MIN_TROUGHS, s.minEnvelopePoints());
            }
        }
        if (env == null) {
            // while the data are short, narrower buckets keep enough points for the plateau test
            bucket = Math.max(capBucket, Math.min(s.envelopeMillis(), span / SHORT_DATA_POINTS));
            env = LowerEnvelope.of(points, from, now, Math.max(1, bucket));
        }
        int used = env.size();
        if (used < minimum) return null;
        int inWindow = points.size();

        double[] x = new double[used];
        for (int i = 0; i < used; i++) x[i] = (env.timesMillis()[i] - now) / (double) TrendSettings.MINUTE_MILLIS;
        double[] y = env.values();
        TheilSen.Fit fit = TheilSen.fit(x, y, s.confidenceLevel());

        double dataMinutes = x[used - 1] - x[0];
        boolean significant = fit.pValueIncreasing() <= s.significance() && fit.slopeLow() > 0;
        double growth = fit.slope() * dataMinutes;
        double level = Math.abs(fit.intercept());
        boolean material = fit.slope() >= s.minGrowthPerMinute() && growth >= s.minRelativeGrowth() * level;

        // plateau test: the newest third, then the newest half, of the window against the whole window
        TheilSen.Fit recent = null;
        int recentFrom = used;
        boolean plateau = false;
        for (double fraction : new double[]{s.recentFraction(), Math.min(0.5, 1.5 * s.recentFraction())}) {
            double recentStart = x[used - 1] - fraction * dataMinutes;
            int k = used;
            while (k > 0 && x[k - 1] >= recentStart) k--;
            if (used - k < MIN_RECENT_POINTS) continue;
            TheilSen.Fit r = TheilSen.fit(Arrays.copyOfRange(x, k, used), Arrays.copyOfRange(y, k, used),
                    s.confidenceLevel());
            if (recent == null || (significant && r.slope() <= s.plateauRatio() * fit.slope())) {
                recent = r;
                recentFrom = k;
            }
            if (significant && r.slope() <= s.plateauRatio() * fit.slope()) {
                plateau = true;
                break;
            }
        }
        // ... and the shorter window (the recent part of this one), when its interval lies clearly below this slope
        boolean levelledInShorter = !plateau && significant && shorter != null && shorter.fit() != null
                && shorter.fit().slopeHigh() < SHORTER_WINDOW_RATIO * fit.slope();
        if (levelledInShorter) plateau = true;

        TrendVerdict verdict;
        if (plateau) verdict = TrendVerdict.STOPPED;
        else if (significant && material) verdict = TrendVerdict.GROWING;
        else if (fit.slope() <= 0 || fit.pValueIncreasing() >= s.stopPValue() || significant) {
            verdict = TrendVerdict.STOPPED;
        } else verdict = TrendVerdict.UNCLEAR;

        // the sentence's numbers, kept for the reader: nothing is formatted until the reason is read
        long dataMillis = Math.round(dataMinutes * TrendSettings.MINUTE_MILLIS);
        double basisSlope = levelledInShorter ? shorter.fit().slopeHigh() : recent == null ? 0 : recent.slope();
        long basisMillis = levelledInShorter ? shorter.toMillis() - shorter.fromMillis()
                : recent == null ? 0 : Math.round((x[used - 1] - x[recentFrom]) * TrendSettings.MINUTE_MILLIS);
        TrendReason reason = new TrendReason(verdict, plateau, levelledInShorter, fit, recent, dataMillis,
                basisSlope, basisMillis, s, unit);
        return new TrendAssessment(verdict, window, from, now, bucket, inWindow, used, fit, recent, plateau, growth,
                ReasonText.writtenBy(reason));
    }

    // The sentences' writers are classes, not lambdas: see ReasonText.

    private record WarmUpReason(int points, int minPoints, long spanMillis, long warmUpMillis)
            implements Supplier<String> {
        @Override
        public String get() {
            return "warming up: " + points + " of " + minPoints + " points and " + UnitFormat.duration(spanMillis)
                    + " of " + UnitFormat.duration(warmUpMillis) + " of data before a trend is judged";
        }
    }

    private record TooFewPointsReason(int needed) implements Supplier<String> {
        @Override
        public String get() {
            return "too few points to fit a trend yet (or, under a GC sawtooth, too few collections that freed "
                    + "memory: " + needed + " are needed)";
        }
    }

    /** Writes a window's verdict as a sentence, from the numbers {@link #assessWindow} decided it by. */
    private record TrendReason(TrendVerdict verdict, boolean plateau, boolean levelledInShorter, TheilSen.Fit fit,
                               TheilSen.Fit recent, long dataMillis, double basisSlope, long basisMillis,
                               TrendSettings s, LeakUnit unit) implements Supplier<String> {
        @Override
        public String get() {
            String rate = UnitFormat.rate(fit.slope(), unit);
            String over = "over the last " + UnitFormat.duration(dataMillis);
            String stats = Math.round(s.confidenceLevel() * 100) + "% CI " + UnitFormat.rate(fit.slopeLow(), unit)
                    + " to " + UnitFormat.rate(fit.slopeHigh(), unit) + ", Kendall tau "
                    + UnitFormat.fixed(fit.kendallTau(), 2) + ", " + UnitFormat.pValue(fit.pValueIncreasing());
            if (plateau) {
                return "grew " + rate + " " + over + " (" + stats + ") but levelled off: "
                        + (levelledInShorter ? "at most " : "") + UnitFormat.rate(basisSlope, unit)
                        + " over the newest " + UnitFormat.duration(basisMillis);
            }
            if (verdict == TrendVerdict.GROWING) {
                return "grows " + rate + " " + over + " (" + stats + ")"
                        + (recent == null ? "" : "; still " + UnitFormat.rate(recent.slope(), unit) + " recently");
            }
            if (verdict == TrendVerdict.UNCLEAR) {
                return "possible growth of " + rate + " " + over + ", not significant yet (" + stats + ")";
            }
            if (fit.slope() <= 0 || fit.pValueIncreasing() >= s.stopPValue()) {
                return "no growth: " + rate + " " + over + " (" + stats + ")";
            }
            return "growth too small to matter: " + rate + " " + over + ", below "
                    + UnitFormat.rate(s.minGrowthPerMinute(), unit) + " or "
                    + Math.round(s.minRelativeGrowth() * 1000) / 10.0 + "% of the level (" + stats + ")";
        }
    }
}
