package dev.vigil.core.leak;

import dev.vigil.core.series.Series;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The detector for a resource whose leak shows as growth of one series: direct and mapped buffers
 * ({@code buffers.direct.used_bytes}, {@code buffers.mapped.used_bytes}), metaspace ({@code pool.Metaspace.used_bytes})
 * and file descriptors ({@code process.open_fds}). The heap, threads, classes and native detectors build on it.
 * Stateless: all state travels in the previous {@link LeakFinding}.
 */
public final class ResourceTrendDetector {
    private final LeakResource resource;
    private final TrendSettings trend;
    private final HysteresisSettings hysteresis;

    public ResourceTrendDetector(LeakResource resource, TrendSettings trend, HysteresisSettings hysteresis) {
        this.resource = resource;
        this.trend = trend;
        this.hysteresis = hysteresis;
    }

    /** With the defaults of {@link DetectorSettings#defaults()}. */
    public static ResourceTrendDetector withDefaults(LeakResource resource) {
        DetectorSettings d = DetectorSettings.defaults();
        return new ResourceTrendDetector(resource, d.trend(resource), d.hysteresis());
    }

    public LeakResource resource() {
        return resource;
    }

    /**
     * @param seriesName   name reported in the evidence
     * @param points       the series snapshot (oldest first)
     * @param limit        the resource's limit in its unit (MaxDirectMemorySize, max fds, ...); null when none
     * @param previous     this resource's finding from the previous round, or null
     * @param nowMillis    evaluation time; the windows end here
     */
    public LeakFinding evaluate(String seriesName, Series.Points points, Double limit, LeakFinding previous,
                                long nowMillis) {
        return evaluate(seriesName, points, limit, null, null, Map.of(), null, previous, nowMillis);
    }

    /**
     * The general form.
     *
     * @param usageNow     current usage to project from when it differs from the fitted series (native: RSS while
     *                     the fit is on unexplained RSS); null to use the fitted level
     * @param baselinePool heap: the pool whose after-GC usage is the series
     * @param details      extra evidence
     * @param reasonSuffix sentence appended to the reason, or null
     */
    LeakFinding evaluate(String seriesName, Series.Points points, Double limit, Double usageNow, String baselinePool,
                         Map<String, Object> details, ReasonText reasonSuffix, LeakFinding previous,
                         long nowMillis) {
        TrendAssessment a = GrowthTrend.assess(points, trend, resource.unit(), nowMillis);
        return toFinding(a, seriesName, limit, usageNow, baselinePool, details, reasonSuffix, previous, nowMillis);
    }

    LeakFinding toFinding(TrendAssessment a, String seriesName, Double limit, Double usageNow, String baselinePool,
                          Map<String, Object> details, ReasonText reasonSuffix, LeakFinding previous,
                          long nowMillis) {
        double slope = a.slopePerMinute();
        Long exhaustion = null;
        if (a.fit() != null && limit != null && limit > 0 && slope > 0 && a.verdict() != TrendVerdict.STOPPED) {
            double current = usageNow != null ? usageNow : a.levelNow();
            double minutes = Math.max(0, (limit - current) / slope);
            exhaustion = nowMillis + (long) Math.min(minutes * TrendSettings.MINUTE_MILLIS, 100L * 365 * 86_400_000L);
        }
        double confidence = a.confidence();
        Long growingExhaustion = a.verdict() == TrendVerdict.GROWING ? exhaustion : null;
        Hysteresis.Outcome o = Hysteresis.next(previous, a.verdict(), confidence, growingExhaustion, nowMillis,
                hysteresis);
        Long projected = o.status() == LeakStatus.OK ? null : exhaustion;

        ReasonText reason = ReasonText.writtenBy(new FindingReason(a.reasonText(), reasonSuffix, limit, projected,
                previous == null ? LeakStatus.OK : previous.status(), o, a.verdict(), nowMillis));

        LeakEvidence evidence = new LeakEvidence(seriesName, baselinePool, a.verdict(), a.pointsInWindow(),
                a.pointsUsed(), a.windowMillis(), a.fromMillis(), a.toMillis(),
                a.bucketMillis(), slope,
                a.fit() == null ? 0 : a.fit().slopeLow(), a.fit() == null ? 0 : a.fit().slopeHigh(),
                a.fit() == null ? 0 : a.fit().kendallTau(), a.fit() == null ? 1 : a.fit().pValueIncreasing(),
                a.recentFit() == null ? null : a.recentFit().slope(), a.plateau(),
                a.fit() == null ? Double.NaN : a.levelNow(), limit, reason, details);
        return new LeakFinding(resource, o.status(), slope, resource.unit(), confidence, o.firstDetectedMillis(),
                projected, evidence, null, nowMillis, o.growingSinceMillis(), o.clearSinceMillis());
    }

    /**
     * Writes a finding's reason when it is read, from this round's numbers (never the previous finding, which would
     * chain every finding to the first). A class rather than a lambda: see {@link ReasonText}.
     */
    private final class FindingReason implements Supplier<String> {
        private final ReasonText trendReason;
        private final ReasonText suffix;
        private final Double limit;
        private final Long projectedMillis;
        private final LeakStatus before;
        private final Hysteresis.Outcome outcome;
        private final TrendVerdict verdict;
        private final long nowMillis;

        FindingReason(ReasonText trendReason, ReasonText suffix, Double limit, Long projectedMillis,
                      LeakStatus before, Hysteresis.Outcome outcome, TrendVerdict verdict, long nowMillis) {
            this.trendReason = trendReason;
            this.suffix = suffix;
            this.limit = limit;
            this.projectedMillis = projectedMillis;
            this.before = before;
            this.outcome = outcome;
            this.verdict = verdict;
            this.nowMillis = nowMillis;
        }

        @Override
        public String get() {
            StringBuilder sentence = new StringBuilder();
            sentence.append(label()).append(' ').append(trendReason.get());
            String more = suffix == null ? "" : suffix.get();
            if (!more.isEmpty()) sentence.append("; ").append(more);
            if (projectedMillis != null) {
                sentence.append("; at this rate it reaches its limit of ")
                        .append(UnitFormat.amount(limit, resource.unit())).append(" in ")
                        .append(UnitFormat.duration(projectedMillis - nowMillis));
            }
            return sentence.append(statusNote(before, outcome, verdict, nowMillis)).append('.').toString();
        }
    }

    private String label() {
        return switch (resource) {
            case HEAP -> "Heap live set (after GC)";
            case THREADS -> "Live thread count";
            case DIRECT -> "Direct buffer memory";
            case MAPPED -> "Mapped buffer memory";
            case METASPACE -> "Metaspace";
            case CLASSES -> "Loaded class count";
            case FDS -> "Open file descriptors";
            case NATIVE ->
                    "Native memory (resident memory not explained by heap, GC structures, non-heap and direct buffers)";
        };
    }

    private String statusNote(LeakStatus before, Hysteresis.Outcome o, TrendVerdict verdict, long now) {
        if (o.status() == LeakStatus.SUSPECTED && verdict == TrendVerdict.GROWING && o.growingSinceMillis() != null) {
            return "; suspected for " + UnitFormat.duration(now - o.firstDetectedMillis())
                    + ", leaking once growth lasts " + UnitFormat.duration(hysteresis.escalateAfterMillis());
        }
        if (o.status() != LeakStatus.OK && o.clearSinceMillis() != null) {
            return "; stays " + o.status().id() + " until the trend has stopped for "
                    + UnitFormat.duration(hysteresis.clearAfterMillis()) + " (stopped for "
                    + UnitFormat.duration(now - o.clearSinceMillis()) + ")";
        }
        if (o.status() == LeakStatus.OK && before != LeakStatus.OK) {
            return "; back to ok after the trend stopped for " + UnitFormat.duration(hysteresis.clearAfterMillis());
        }
        if (o.status() != LeakStatus.OK && verdict != TrendVerdict.GROWING) {
            return "; stays " + o.status().id() + " until the trend clearly stops";
        }
        return "";
    }
}
