package dev.vigil.core.leak;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Which series is the heap's live-set baseline, chosen from the memory pool names present. The baseline is the
 * after-GC usage of the old (tenured) pool, recorded from the collectors' last GcInfo as
 * {@code pool.<name>.after_gc_used_bytes}; for single-generation collectors (non-generational ZGC, Shenandoah) it
 * is the after-GC usage of the whole heap pool. Without any known pool the fallback is {@code heap.used_bytes},
 * whose lower envelope still approximates the live set, only noisier.
 *
 * @param poolName        the pool, or null for the {@code heap.used_bytes} fallback
 * @param seriesName      the series to pass to {@link PostGcTrend}
 * @param usedSeriesName  the pool's usage series, {@code pool.<name>.used_bytes}, or {@code heap.used_bytes} for the
 *                        fallback
 * @param collector       collector family, for the evidence: G1, Parallel, Serial, CMS, ZGC, ZGC generational,
 *                        Shenandoah, or unknown
 */
public record HeapBaseline(String poolName, String seriesName, String usedSeriesName, String collector) {
    public static final String FALLBACK_SERIES = "heap.used_bytes";
    private static final HeapBaseline FALLBACK = new HeapBaseline(null, FALLBACK_SERIES, FALLBACK_SERIES, "unknown");

    /** Built once: the agent chooses every leak round, and the names of known pools need not be written again. */
    private static final List<HeapBaseline> KNOWN = List.of(
            ofPool("G1 Old Gen", "G1"),
            ofPool("PS Old Gen", "Parallel"),
            ofPool("Tenured Gen", "Serial"),
            ofPool("CMS Old Gen", "CMS"),
            ofPool("ZGC Old Generation", "ZGC generational"),
            ofPool("ZHeap", "ZGC"),
            ofPool("Shenandoah Old Gen", "Shenandoah generational"),
            ofPool("Shenandoah", "Shenandoah"));

    private static HeapBaseline ofPool(String poolName, String collector) {
        return new HeapBaseline(poolName, LeakInputs.poolAfterGcSeries(poolName), LeakInputs.poolUsedSeries(poolName),
                collector);
    }

    /**
     * Picks the baseline from the pool names present (names of {@code MemoryPoolMXBean}s or of pools in a collector's
     * {@code GcInfo}; non-heap pools are ignored). Known names first, then any pool named like an old or tenured
     * generation, else the {@code heap.used_bytes} fallback.
     */
    public static HeapBaseline choose(Collection<String> poolNames) {
        for (HeapBaseline known : KNOWN) {
            if (poolNames.contains(known.poolName())) return known;
        }
        for (String name : poolNames) {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.contains("old") || n.contains("tenured")) return ofPool(name, "unknown");
        }
        return FALLBACK;
    }

    /**
     * Picks the baseline from series names in a store: pools are those with an
     * {@code pool.<name>.after_gc_used_bytes} series.
     */
    public static HeapBaseline fromSeriesNames(Collection<String> seriesNames) {
        // a loop, not a stream: the agent runs this every leak round, and stream pipelines share their JIT profiles
        // with the host's own streams
        List<String> pools = new ArrayList<>();
        for (String s : seriesNames) {
            if (s.startsWith(LeakInputs.POOL_PREFIX) && s.endsWith(LeakInputs.AFTER_GC_USED_SUFFIX)) {
                pools.add(s.substring(LeakInputs.POOL_PREFIX.length(),
                        s.length() - LeakInputs.AFTER_GC_USED_SUFFIX.length()));
            }
        }
        return choose(pools);
    }

    public boolean isFallback() {
        return poolName == null;
    }
}
