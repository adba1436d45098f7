package dev.vigil.core.leak;

import dev.vigil.core.series.Series;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Heap leak detector: the trend of the live set, i.e. the old pool's usage right after each GC (see
 * {@link HeapBaseline}). After-GC points arrive at GC times, irregularly; the lower envelope (minimum per 2-minute
 * bucket by default) turns them into a regular series of "what survived", which removes promotion noise of young
 * collections under G1 and similar collectors, and the robust trend test of {@link GrowthTrend} then decides.
 * Exhaustion is projected from the fitted level now against the max heap (or the old pool's max when given).
 */
public final class PostGcTrend {
    private static final ReasonText FALLBACK_NOTE = ReasonText.of(
            "no after-GC pool series found: trend of the lower envelope of heap.used_bytes, noisier");

    private final ResourceTrendDetector trend;

    public PostGcTrend(TrendSettings trend, HysteresisSettings hysteresis) {
        this.trend = new ResourceTrendDetector(LeakResource.HEAP, trend, hysteresis);
    }

    public static PostGcTrend withDefaults() {
        DetectorSettings d = DetectorSettings.defaults();
        return new PostGcTrend(d.trend(LeakResource.HEAP), d.hysteresis());
    }

    /**
     * @param baseline       which series {@code afterGcPoints} is (from {@link HeapBaseline#choose})
     * @param afterGcPoints  snapshot of {@code baseline.seriesName()}
     * @param maxHeapBytes   the limit: max heap, or the old pool's max when it is smaller and known; 0 or less when
     *                       unknown
     * @param previous       last round's heap finding, or null
     */
    public LeakFinding evaluate(HeapBaseline baseline, Series.Points afterGcPoints, long maxHeapBytes,
                                LeakFinding previous, long nowMillis) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("collector", baseline.collector());
        if (maxHeapBytes > 0) details.put("max_heap_bytes", maxHeapBytes);
        ReasonText note = baseline.isFallback() ? FALLBACK_NOTE : null;
        return trend.evaluate(baseline.seriesName(), afterGcPoints, maxHeapBytes > 0 ? (double) maxHeapBytes : null,
                null, baseline.poolName(), details, note, previous, nowMillis);
    }
}
