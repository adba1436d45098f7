package dev.vigil.core.leak;

import dev.vigil.core.series.Series;
import dev.vigil.core.series.SeriesStore;

import java.util.ArrayList;
import java.util.List;

/**
 * One round's input to {@link LeakDetectors}: series snapshots and JVM facts. A null series skips its detector.
 *
 * @param nowMillis       evaluation time
 * @param heapBaseline    which series {@code heapAfterGc} is
 * @param heapAfterGc     snapshot of {@code heapBaseline.seriesName()}
 * @param threadsLive     {@code threads.live}
 * @param directUsed      {@code buffers.direct.used_bytes}
 * @param mappedUsed      {@code buffers.mapped.used_bytes}
 * @param metaspaceUsed   {@code pool.Metaspace.used_bytes}
 * @param classesLoaded   {@code classes.loaded}
 * @param classesUnloaded {@code classes.unloaded_total}
 * @param openFds         {@code process.open_fds}
 * @param rss             {@code process.rss_bytes}
 * @param rssAnonymous    {@code process.rss_anon_bytes} (Linux: anonymous resident pages, without mapped files)
 * @param heapCommitted   {@code heap.committed_bytes}
 * @param nonHeapUsed     {@code nonheap.used_bytes}
 * @param facts           limits
 */
public record LeakInputs(long nowMillis, HeapBaseline heapBaseline, Series.Points heapAfterGc,
                         Series.Points threadsLive, Series.Points directUsed, Series.Points mappedUsed,
                         Series.Points metaspaceUsed, Series.Points classesLoaded, Series.Points classesUnloaded,
                         Series.Points openFds, Series.Points rss, Series.Points rssAnonymous,
                         Series.Points heapCommitted,
                         Series.Points nonHeapUsed, JvmFacts facts) {
    public static final String THREADS_LIVE = "threads.live";
    public static final String DIRECT_USED = "buffers.direct.used_bytes";
    public static final String MAPPED_USED = "buffers.mapped.used_bytes";
    public static final String METASPACE_USED = "pool.Metaspace.used_bytes";
    public static final String CLASSES_LOADED = "classes.loaded";
    public static final String CLASSES_UNLOADED = "classes.unloaded_total";
    public static final String OPEN_FDS = "process.open_fds";
    public static final String RSS = "process.rss_bytes";
    public static final String RSS_ANONYMOUS = "process.rss_anon_bytes";
    public static final String HEAP_COMMITTED = "heap.committed_bytes";
    public static final String NONHEAP_USED = "nonheap.used_bytes";
    /** Per memory pool: {@code pool.<name>.used_bytes} (the memory probe) and {@code pool.<name>.after_gc_used_bytes}
     *  (the GC probe, the heap detector's baseline). */
    static final String POOL_PREFIX = "pool.";
    static final String USED_SUFFIX = ".used_bytes";
    static final String AFTER_GC_USED_SUFFIX = ".after_gc_used_bytes";

    /** The series of a memory pool's usage, as the memory probe records it. */
    public static String poolUsedSeries(String poolName) {
        return POOL_PREFIX + poolName + USED_SUFFIX;
    }

    /** The series of a memory pool's usage right after each collection, as the GC probe records it. */
    public static String poolAfterGcSeries(String poolName) {
        return POOL_PREFIX + poolName + AFTER_GC_USED_SUFFIX;
    }

    /**
     * Snapshots every series the detectors use from the store (missing series stay null) and picks the heap baseline
     * from the pools that have after-GC series. Copies up to {@code capacity} points per series; no other work.
     */
    public static LeakInputs from(SeriesStore store, JvmFacts facts, long nowMillis) {
        return from(store, facts, nowMillis, Long.MIN_VALUE);
    }

    /**
     * As {@link #from(SeriesStore, JvmFacts, long)}, but every series except the heap's starts at
     * {@code startupEndMillis}: while a JVM starts it loads classes, compiles code, starts thread pools, opens jars
     * and touches heap pages, and none of that growth is a leak. The heap keeps its start-up points: its detector
     * fits after-GC troughs and tells a cache that warms up and levels off from a leak by itself.
     */
    public static LeakInputs from(SeriesStore store, JvmFacts facts, long nowMillis, long startupEndMillis) {
        List<String> names = new ArrayList<>();
        for (Series s : store.all()) names.add(s.name());
        HeapBaseline baseline = HeapBaseline.fromSeriesNames(names);
        long from = startupEndMillis;
        return new LeakInputs(nowMillis, baseline, snapshot(store, baseline.seriesName(), Long.MIN_VALUE),
                snapshot(store, THREADS_LIVE, from), snapshot(store, DIRECT_USED, from),
                snapshot(store, MAPPED_USED, from), snapshot(store, METASPACE_USED, from),
                snapshot(store, CLASSES_LOADED, from), snapshot(store, CLASSES_UNLOADED, from),
                snapshot(store, OPEN_FDS, from), snapshot(store, RSS, from), snapshot(store, RSS_ANONYMOUS, from),
                snapshot(store, HEAP_COMMITTED, from),
                snapshot(store, NONHEAP_USED, from), facts);
    }

    private static Series.Points snapshot(SeriesStore store, String name, long fromMillis) {
        Series s = store.find(name);
        return s == null ? null : s.snapshotSince(fromMillis);
    }
}
