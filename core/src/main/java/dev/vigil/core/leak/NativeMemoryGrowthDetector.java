package dev.vigil.core.leak;

import dev.vigil.core.series.Series;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Native memory leaks: growth of resident memory that the JVM's own accounting does not explain. On Linux the fitted
 * series is {@code process.rss_anon_bytes − (heap.committed_bytes + GC structures + nonheap.used_bytes +
 * buffers.direct.used_bytes)}, each component taken at its latest value at or before each point: anonymous pages
 * only, because mapped files (the JDK's libraries, the class-data archive, jars) become resident as code runs and are
 * not leaks, and the GC's structures beside the heap ({@link GcFootprint}) because they become resident as the heap
 * fills. Under ZGC the heap is shared memory, outside the anonymous pages, and is left out of both sides. Elsewhere
 * the whole RSS stands in. What remains grows with JNI/malloc leaks, unreleased {@code Inflater}/{@code Deflater},
 * glibc arena fragmentation and thread stacks (see the threads detector).
 */
public final class NativeMemoryGrowthDetector {
    private final ResourceTrendDetector trend;
    private final TrendSettings settings;
    /** The last round's formula; volatile as a detector may be shared, and a race only writes it twice. */
    private volatile Formula formula;

    public NativeMemoryGrowthDetector(TrendSettings trend, HysteresisSettings hysteresis) {
        this.settings = trend;
        this.trend = new ResourceTrendDetector(LeakResource.NATIVE, trend, hysteresis);
    }

    public static NativeMemoryGrowthDetector withDefaults() {
        DetectorSettings d = DetectorSettings.defaults();
        return new NativeMemoryGrowthDetector(d.trend(LeakResource.NATIVE), d.hysteresis());
    }

    /**
     * One round from the process and JVM series. From the inputs' facts: the collector's footprint beside the heap
     * (unknown: {@link GcFootprint#UNKNOWN}) and the memory limit exhaustion of the whole RSS is projected against.
     */
    public LeakFinding evaluate(LeakInputs in, LeakFinding previous, long nowMillis) {
        JvmFacts facts = in.facts() == null ? JvmFacts.unknown() : in.facts();
        GcFootprint footprint = facts.gc() == null ? GcFootprint.UNKNOWN : facts.gc();
        boolean anonymous = in.rssAnonymous() != null && in.rssAnonymous().size() > 0;
        Series.Points resident = anonymous ? in.rssAnonymous() : in.rss();
        boolean heapIncluded = !anonymous || footprint.heapInAnonymousMemory();
        boolean gcIncluded = in.heapCommitted() != null;
        List<Series.Points> explainedBy = new ArrayList<>();
        if (heapIncluded) explainedBy.add(in.heapCommitted());
        if (gcIncluded) explainedBy.add(scaled(in.heapCommitted(), footprint));
        explainedBy.add(in.nonHeapUsed());
        explainedBy.add(in.directUsed());
        Formula f = formula;
        if (f == null || !f.sameTerms(anonymous, heapIncluded, gcIncluded, footprint)) {
            f = Formula.of(anonymous, heapIncluded, gcIncluded, footprint);
            formula = f;
        }
        Double wholeRss = in.rss() != null && in.rss().size() > 0 ? in.rss().values()[in.rss().size() - 1] : null;
        return evaluate(resident, explainedBy, f.text(), wholeRss, JvmFacts.limit(facts.memoryLimitBytes()),
                previous, nowMillis);
    }

    /**
     * How the evidence names the fitted series. Its terms change only with the collector and the series present, so
     * the last one is kept rather than written again every round (the rounds run inside the host JVM).
     */
    private record Formula(boolean anonymous, boolean heapIncluded, boolean gcIncluded, GcFootprint footprint,
                           String text) {
        static Formula of(boolean anonymous, boolean heapIncluded, boolean gcIncluded, GcFootprint footprint) {
            StringBuilder text = new StringBuilder(anonymous ? LeakInputs.RSS_ANONYMOUS : LeakInputs.RSS)
                    .append(" - (");
            if (heapIncluded) text.append(LeakInputs.HEAP_COMMITTED).append(" + ");
            if (gcIncluded) text.append(footprint.describe()).append(" + ");
            text.append(LeakInputs.NONHEAP_USED).append(" + ").append(LeakInputs.DIRECT_USED).append(')');
            return new Formula(anonymous, heapIncluded, gcIncluded, footprint, text.toString());
        }

        boolean sameTerms(boolean anonymous, boolean heapIncluded, boolean gcIncluded, GcFootprint footprint) {
            // the footprints are GcFootprint's constants, so identity is enough (a miss only writes the text again);
            // and a record's equals() is linked through method handles at its first call, in the host
            return this.anonymous == anonymous && this.heapIncluded == heapIncluded && this.gcIncluded == gcIncluded
                    && this.footprint == footprint;
        }
    }

    private static Series.Points scaled(Series.Points heapCommitted, GcFootprint gc) {
        double[] v = new double[heapCommitted.size()];
        for (int i = 0; i < v.length; i++) v[i] = gc.bytesBeside(heapCommitted.values()[i]);
        return new Series.Points(heapCommitted.timesMillis().clone(), v);
    }

    /**
     * @param resident         snapshot of resident memory ({@code process.rss_anon_bytes} or {@code process.rss_bytes})
     * @param explainedBy      snapshots of what the JVM accounts for in it (nulls are skipped)
     * @param formula          how the evidence names the fitted series
     * @param wholeRss         the process's whole RSS now, to project exhaustion from; null: the resident series'
     * @param memoryLimitBytes container or machine memory limit, or null
     */
    public LeakFinding evaluate(Series.Points resident, List<Series.Points> explainedBy, String formula,
                                Double wholeRss, Double memoryLimitBytes, LeakFinding previous, long nowMillis) {
        Series.Points unexplained = unexplained(resident, explainedBy);
        TrendAssessment a = GrowthTrend.assess(unexplained, settings, LeakUnit.BYTES, nowMillis);
        Map<String, Object> details = new LinkedHashMap<>();
        Double usageNow = wholeRss;
        if (resident != null && resident.size() > 0) {
            double residentNow = resident.values()[resident.size() - 1];
            double unexplainedNow = unexplained.values()[unexplained.size() - 1];
            if (usageNow == null) usageNow = residentNow;
            details.put("rss_bytes", usageNow);
            details.put("resident_bytes", residentNow);
            details.put("explained_bytes", residentNow - unexplainedNow);
            details.put("unexplained_bytes", unexplainedNow);
        }
        return trend.toFinding(a, formula, memoryLimitBytes, usageNow, null, details, null, previous, nowMillis);
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
