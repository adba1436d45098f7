package dev.vigil.core.leak.stats;

import dev.vigil.core.series.Series;

import java.util.Arrays;

/**
 * Reduces a series to the minimum of each time bucket: the lower envelope. For a leak the interesting quantity is what
 * never goes away (the live set after GC, the threads a pool does not give back), so the minimum of each bucket
 * removes bursts, allocation sawtooth and promotion noise while keeping the floor, and caps the points a trend fit
 * sees. Buckets are aligned to the end of the window, so the newest bucket is complete; a first bucket only partly
 * covered by data is dropped because its minimum would be biased. Empty buckets (irregular GC-time points) are
 * skipped. Each bucket's point keeps the time of its minimum.
 */
public final class LowerEnvelope {
    private LowerEnvelope() {
    }

    /**
     * @param points       input, any order
     * @param fromMillis   window start (inclusive)
     * @param toMillis     window end (inclusive)
     * @param bucketMillis bucket width; at least 1
     */
    public static Series.Points of(Series.Points points, long fromMillis, long toMillis, long bucketMillis) {
        return of(points, fromMillis, toMillis, bucketMillis, true);
    }

    /**
     * As {@link #of(Series.Points, long, long, long)}; {@code dropPartialFirstBucket} false keeps the oldest bucket
     * even when data start late in it (for sparse points such as {@link #drops}, where each point is a floor).
     */
    public static Series.Points of(Series.Points points, long fromMillis, long toMillis, long bucketMillis,
                                   boolean dropPartialFirstBucket) {
        if (bucketMillis < 1) throw new IllegalArgumentException("bucket width must be at least 1 ms");
        long[] times = points.timesMillis();
        double[] values = points.values();
        long first = Long.MAX_VALUE;
        for (int i = 0; i < times.length; i++) {
            if (times[i] >= fromMillis && times[i] <= toMillis && !Double.isNaN(values[i])) {
                first = Math.min(first, times[i]);
            }
        }
        if (first == Long.MAX_VALUE) return new Series.Points(new long[0], new double[0]);
        long span = toMillis - first;
        int buckets = (int) Math.min(Integer.MAX_VALUE - 8, span / bucketMillis + 1);
        double[] min = new double[buckets];
        long[] minTime = new long[buckets];
        Arrays.fill(min, Double.NaN);
        for (int i = 0; i < times.length; i++) {
            long t = times[i];
            double v = values[i];
            if (t < fromMillis || t > toMillis || Double.isNaN(v)) continue;
            // bucket 0 is the newest: (to - W, to]
            int b = (int) ((toMillis - t) / bucketMillis);
            if (Double.isNaN(min[b]) || v < min[b]) {
                min[b] = v;
                minTime[b] = t;
            }
        }
        // the oldest bucket that holds data is partial unless data starts at its beginning
        int oldestFull = (int) ((toMillis - first) / bucketMillis);
        long oldestStart = toMillis - (long) (oldestFull + 1) * bucketMillis;
        if (dropPartialFirstBucket && first - oldestStart > bucketMillis / 4 && oldestFull > 0) oldestFull--;
        int count = 0;
        for (int b = oldestFull; b >= 0; b--) if (!Double.isNaN(min[b])) count++;
        long[] outT = new long[count];
        double[] outV = new double[count];
        int k = 0;
        for (int b = oldestFull; b >= 0; b--) {
            if (Double.isNaN(min[b])) continue;
            outT[k] = minTime[b];
            outV[k] = min[b];
            k++;
        }
        return new Series.Points(outT, outV);
    }

    /**
     * The points of the window (in time order) whose value is below that of the point before: where a collection
     * freed something. Under a promotion sawtooth these are the live-set measurements; the climb between them is
     * garbage that has not been collected yet.
     */
    public static Series.Points drops(Series.Points points, long fromMillis, long toMillis) {
        long[] t = points.timesMillis();
        double[] v = points.values();
        Integer[] order = null;
        for (int i = 1; i < t.length; i++) {
            if (t[i] < t[i - 1]) {
                order = new Integer[t.length];
                for (int k = 0; k < t.length; k++) order[k] = k;
                Arrays.sort(order, (a, b) -> Long.compare(t[a], t[b]));
                break;
            }
        }
        long[] outT = new long[t.length];
        double[] outV = new double[t.length];
        int n = 0;
        double before = Double.NaN;
        for (int k = 0; k < t.length; k++) {
            int i = order == null ? k : order[k];
            if (t[i] > toMillis || Double.isNaN(v[i])) continue;
            if (t[i] >= fromMillis && !Double.isNaN(before) && v[i] < before) {
                outT[n] = t[i];
                outV[n] = v[i];
                n++;
            }
            before = v[i];
        }
        return new Series.Points(Arrays.copyOf(outT, n), Arrays.copyOf(outV, n));
    }
}
