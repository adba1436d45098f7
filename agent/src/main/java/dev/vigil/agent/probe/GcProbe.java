package dev.vigil.agent.probe;

import com.sun.management.GcInfo;
import dev.vigil.core.leak.LeakInputs;
import dev.vigil.core.series.SeriesStore;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per memory pool, the usage right after the newest collection: the live-set baseline a heap-leak detector needs.
 * {@code MemoryPoolMXBean.getCollectionUsage()} is not enough because G1 only updates the old pool's collection
 * usage after mixed or full collections, so it stays stale for hours under young-only load; each collector's last
 * {@link GcInfo} carries the after-GC usage of every pool it manages.
 * <p>
 * Read once per sampling round rather than from GC notifications: a notification costs the JDK a tree of JMX open
 * types per collection, built in shared JDK code (HashMap, TreeMap, ArrayList) whose JIT profiles the host's hot
 * code then has to share, and at several collections a second that is the agent's busiest code under load. Polling
 * keeps the agent's work per round independent of the host's GC rate, and at most one point per collector per round
 * keeps the series within the retention it was sized for. What it gives up: of several collections by one collector
 * between two rounds, only the newest is recorded.
 */
public final class GcProbe implements Probe {
    private final List<Collector> collectors = new ArrayList<>();
    private final long jvmStartMillis;
    private final Map<String, AfterGc> afterGcByPool = new ConcurrentHashMap<>();
    /** Pool name → its after-GC series name, made once per pool (see MemoryProbe); sampler thread only. Filled by
     *  get and put, not computeIfAbsent with a lambda, whose profile the host's own calls share. */
    private final Map<String, String> afterGcSeries = new HashMap<>();

    /** Usage of one pool right after the newest collection that reported it; time is the collection's end. */
    public record AfterGc(long usedBytes, long committedBytes, long timeMillis, String collector) {
    }

    public GcProbe() {
        this(ManagementFactory.getGarbageCollectorMXBeans(), ManagementFactory.getRuntimeMXBean().getStartTime());
    }

    GcProbe(List<GarbageCollectorMXBean> beans, long jvmStartMillis) {
        for (GarbageCollectorMXBean bean : beans) {
            // the HotSpot beans implement the com.sun.management extension; others have no after-GC usage
            if (bean instanceof com.sun.management.GarbageCollectorMXBean ext) collectors.add(new Collector(ext));
        }
        this.jvmStartMillis = jvmStartMillis;
    }

    @Override
    public String name() {
        return "gc";
    }

    @Override
    public void sample(SeriesStore store, long nowMillis) {
        List<Collected> fresh = new ArrayList<>(collectors.size());
        for (Collector c : collectors) {
            GcInfo info = c.bean.getLastGcInfo();
            if (info == null || info.getId() == c.lastId) continue;
            c.lastId = info.getId();
            long endMillis = Math.min(nowMillis, jvmStartMillis + info.getEndTime());
            // oldest first, so that each pool's series stays in time order when two collectors ran since the last
            // round; an insertion by hand, not List.sort with a lambda, which would share TimSort's profile
            int at = fresh.size();
            while (at > 0 && fresh.get(at - 1).endMillis > endMillis) at--;
            fresh.add(at, new Collected(c.bean.getName(), info, endMillis));
        }
        for (Collected c : fresh) {
            for (Map.Entry<String, MemoryUsage> e : c.info.getMemoryUsageAfterGc().entrySet()) {
                AfterGc before = afterGcByPool.get(e.getKey());
                long time = before == null ? c.endMillis : Math.max(c.endMillis, before.timeMillis());
                MemoryUsage after = e.getValue();
                afterGcByPool.put(e.getKey(), new AfterGc(after.getUsed(), after.getCommitted(), time, c.name));
                String series = afterGcSeries.get(e.getKey());
                if (series == null) {
                    series = LeakInputs.poolAfterGcSeries(e.getKey());
                    afterGcSeries.put(e.getKey(), series);
                }
                store.record(series, "bytes", time, after.getUsed());
            }
        }
    }

    /** Whether a collector bean's time is stop-the-world pause (not a concurrent cycle's duration). */
    public static boolean isPauseCollector(String collectorName) {
        String n = collectorName.toLowerCase(Locale.ROOT);
        return !(n.contains("cycles") || n.contains("concurrent"));
    }

    public Map<String, AfterGc> afterGcByPool() {
        return new LinkedHashMap<>(afterGcByPool);
    }

    private static final class Collector {
        final com.sun.management.GarbageCollectorMXBean bean;
        long lastId = -1;

        Collector(com.sun.management.GarbageCollectorMXBean bean) {
            this.bean = bean;
        }
    }

    private record Collected(String name, GcInfo info, long endMillis) {
    }
}
