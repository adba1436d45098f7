package dev.vigil.agent.probe;

import dev.vigil.core.series.Series;
import dev.vigil.core.series.SeriesStore;
import org.junit.jupiter.api.Test;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

class GcProbeTest {
    @Test
    void concurrentCycleBeansAreNotPauses() {
        assertThat(GcProbe.isPauseCollector("G1 Young Generation")).isTrue();
        assertThat(GcProbe.isPauseCollector("G1 Old Generation")).isTrue();
        assertThat(GcProbe.isPauseCollector("ZGC Pauses")).isTrue();
        assertThat(GcProbe.isPauseCollector("ZGC Major Cycles")).isFalse();
        assertThat(GcProbe.isPauseCollector("Shenandoah Cycles")).isFalse();
        assertThat(GcProbe.isPauseCollector("G1 Concurrent GC")).isFalse();
    }

    @Test
    void aRealCollectionIsRecordedOnceForEveryPoolItReports() {
        SeriesStore store = new SeriesStore(100);
        GcProbe probe = new GcProbe();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        System.gc();
        long collectionsBefore = totalCollections();
        probe.sample(store, System.currentTimeMillis());

        assertThat(probe.afterGcByPool()).isNotEmpty();
        probe.afterGcByPool().forEach((pool, after) -> {
            assertThat(after.timeMillis()).isBetween(jvmStart - 1_000, System.currentTimeMillis());
            assertThat(after.usedBytes()).isNotNegative();
            assertThat(store.find("pool." + pool + ".after_gc_used_bytes")).isNotNull();
        });

        // a round with no collection since the last one adds nothing; one with collections adds at most one point
        // per collector and pool (the newest collection of each)
        String pool = probe.afterGcByPool().keySet().iterator().next();
        Series series = store.find("pool." + pool + ".after_gc_used_bytes");
        int pointsBefore = series.size();
        probe.sample(store, System.currentTimeMillis());
        long collections = totalCollections() - collectionsBefore;
        int collectors = ManagementFactory.getGarbageCollectorMXBeans().size();
        assertThat(series.size() - pointsBefore).isLessThanOrEqualTo((int) Math.min(collections, collectors));

        System.gc();
        probe.sample(store, System.currentTimeMillis());
        assertThat(series.size()).isGreaterThan(pointsBefore);
        long[] times = series.snapshot().timesMillis();
        for (int i = 1; i < times.length; i++) assertThat(times[i]).isGreaterThanOrEqualTo(times[i - 1]);
    }

    private static long totalCollections() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }
}
