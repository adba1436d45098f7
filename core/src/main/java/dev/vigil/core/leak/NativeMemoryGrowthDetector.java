package dev.vigil.core.leak;

import dev.vigil.core.series.Series;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Native memory leaks: growth of resident memory that the JVM's own accounting does not explain. The fitted series
 * is {@code process.rss_bytes − (heap.committed_bytes + nonheap.used_bytes + buffers.direct.used_bytes)}, each
 * component taken at its latest value at or before each RSS point. What remains grows with JNI/malloc leaks,
 * unreleased {@code Inflater}/{@code Deflater}, glibc arena fragmentation, thread stacks (see the threads detector)
 * and GC native structures.
 */
public final class NativeMemoryGrowthDetector {
    public static final String SERIES = "process.rss_bytes - (heap.committed_bytes + nonheap.used_bytes"
            + " + buffers.direct.used_bytes)";
    private final ResourceTrendDetector trend;
    private final TrendSettings settings;

    public NativeMemoryGrowthDetector(TrendSettings trend, HysteresisSettings hysteresis) {
        this.settings = trend;
        this.trend = new ResourceTrendDetector(LeakResource.NATIVE, trend, hysteresis);
    }

    public static NativeMemoryGrowthDetector withDefaults() {
        DetectorSettings d = DetectorSettings.defaults();
        return new NativeMemoryGrowthDetector(d.trend(LeakResource.NATIVE), d.hysteresis());
    }

    /**
     * @param rss              snapshot of {@code process.rss_bytes}
     * @param explainedBy      snapshots of what the JVM accounts for: {@code heap.committed_bytes},
     *                         {@code nonheap.used_bytes}, {@code buffers.direct.used_bytes} (nulls are skipped)
     * @param memoryLimitBytes container or machine memory limit, or null; exhaustion is projected for RSS
     */
    public LeakFinding evaluate(Series.Points rss, List<Series.Points> explainedBy, Double memoryLimitBytes,
                                LeakFinding previous, long nowMillis) {
        Series.Points unexplained = unexplained(rss, explainedBy);
        TrendAssessment a = GrowthTrend.assess(unexplained, settings, LeakUnit.BYTES, nowMillis);
        Map<String, Object> details = new LinkedHashMap<>();
        Double rssNow = null;
        if (rss != null && rss.size() > 0) {
            rssNow = rss.values()[rss.size() - 1];
            double unexplainedNow = unexplained.values()[unexplained.size() - 1];
            details.put("rss_bytes", rssNow);
            details.put("explained_bytes", rssNow - unexplainedNow);
            details.put("unexplained_bytes", unexplainedNow);
        }
        return trend.toFinding(a, SERIES, memoryLimitBytes, rssNow, null, details, null, previous, nowMillis);
    }

    /**
     * RSS minus the sum of the components, each stepped to its latest value at or before each RSS time, and never
     * below zero: the committed heap counts as explained but becomes resident only as the JVM touches its pages, so
     * early on the difference is negative and rises as pages are touched. That rise is not native growth; only what
     * RSS holds beyond everything the JVM accounts for is.
     */
    public static Series.Points unexplained(Series.Points rss, List<Series.Points> components) {
        if (rss == null) return new Series.Points(new long[0], new double[0]);
        long[] t = rss.timesMillis();
        double[] v = Arrays.copyOf(rss.values(), rss.size());
        for (Series.Points c : components) {
            if (c == null || c.size() == 0) continue;
            int j = 0;
            for (int i = 0; i < t.length; i++) {
                while (j + 1 < c.size() && c.timesMillis()[j + 1] <= t[i]) j++;
                v[i] -= c.values()[j]; // before the component's first point: its first value
            }
        }
        for (int i = 0; i < v.length; i++) v[i] = Math.max(0, v[i]);
        return new Series.Points(t.clone(), v);
    }
}
