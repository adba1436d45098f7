package dev.vigil.agent.probe;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import dev.vigil.agent.AgentLog;
import dev.vigil.core.series.SeriesStore;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Listens to GC notifications and keeps, per memory pool, the usage right after each collection: the live-set
 * baseline a heap-leak detector needs. {@code MemoryPoolMXBean.getCollectionUsage()} is not enough because G1 only
 * updates the old pool's collection usage after mixed or full collections, so it stays stale for hours under
 * young-only load; the notification carries the after-GC usage of every pool at every collection.
 */
public final class GcNotifications implements NotificationListener, AutoCloseable {
    private final SeriesStore store;
    private final LongSupplier clockMillis;
    private final Map<String, AfterGc> afterGcByPool = new ConcurrentHashMap<>();
    private final Map<String, CollectorTotals> byCollector = new ConcurrentHashMap<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final AtomicLong failures = new AtomicLong();
    private volatile String lastError;

    /** Usage of one pool right after the newest collection that reported it. */
    public record AfterGc(long usedBytes, long committedBytes, long timeMillis, String collector) {
    }

    /** Collections and their summed duration for one collector. */
    public static final class CollectorTotals {
        final boolean pauses;
        final AtomicLong count = new AtomicLong();
        final AtomicLong durationMillis = new AtomicLong();

        CollectorTotals(boolean pauses) {
            this.pauses = pauses;
        }

        public long count() {
            return count.get();
        }

        public long durationMillis() {
            return durationMillis.get();
        }

        /** False for the concurrent-cycle beans (ZGC/Shenandoah "Cycles", G1 "Concurrent GC"), whose time is not pause. */
        public boolean pauses() {
            return pauses;
        }
    }

    public GcNotifications(SeriesStore store, LongSupplier clockMillis) {
        this.store = store;
        this.clockMillis = clockMillis;
    }

    /** Subscribes to every collector bean that emits notifications. */
    public synchronized void start() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(this, null, null);
                emitters.add(emitter);
            }
        }
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        try {
            GarbageCollectionNotificationInfo info =
                    GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            record(info.getGcName(), info.getGcInfo());
        } catch (RuntimeException e) { // runs on the JVM's notification thread: never let anything escape
            failures.incrementAndGet();
            lastError = e.toString();
            AgentLog.warnOnce("GC notification could not be read: " + e);
        }
    }

    void record(String collector, GcInfo gcInfo) {
        long now = clockMillis.getAsLong();
        byCollector.computeIfAbsent(collector, c -> new CollectorTotals(isPauseCollector(c)));
        CollectorTotals totals = byCollector.get(collector);
        totals.count.incrementAndGet();
        totals.durationMillis.addAndGet(gcInfo.getDuration());
        for (Map.Entry<String, MemoryUsage> e : gcInfo.getMemoryUsageAfterGc().entrySet()) {
            MemoryUsage after = e.getValue();
            afterGcByPool.put(e.getKey(), new AfterGc(after.getUsed(), after.getCommitted(), now, collector));
            store.record("pool." + e.getKey() + ".after_gc_used_bytes", "bytes", now, after.getUsed());
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

    public Map<String, CollectorTotals> byCollector() {
        return new LinkedHashMap<>(byCollector);
    }

    public long failures() {
        return failures.get();
    }

    public String lastError() {
        return lastError;
    }

    @Override
    public synchronized void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(this);
            } catch (ListenerNotFoundException ignored) {
                // already gone
            }
        }
        emitters.clear();
    }
}
