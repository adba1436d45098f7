package dev.vigil.agent.probe;

import dev.vigil.core.series.SeriesStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class GcNotificationsTest {
    @Test
    void concurrentCycleBeansAreNotPauses() {
        assertThat(GcNotifications.isPauseCollector("G1 Young Generation")).isTrue();
        assertThat(GcNotifications.isPauseCollector("G1 Old Generation")).isTrue();
        assertThat(GcNotifications.isPauseCollector("ZGC Pauses")).isTrue();
        assertThat(GcNotifications.isPauseCollector("ZGC Major Cycles")).isFalse();
        assertThat(GcNotifications.isPauseCollector("Shenandoah Cycles")).isFalse();
        assertThat(GcNotifications.isPauseCollector("G1 Concurrent GC")).isFalse();
    }

    @Test
    void aRealCollectionRecordsAfterGcUsageOfEveryPool() {
        SeriesStore store = new SeriesStore(100);
        try (GcNotifications gc = new GcNotifications(store, System::currentTimeMillis)) {
            gc.start();
            System.gc();
            await().until(() -> !gc.afterGcByPool().isEmpty());
            assertThat(gc.byCollector()).isNotEmpty();
            String pool = gc.afterGcByPool().keySet().iterator().next();
            assertThat(store.find("pool." + pool + ".after_gc_used_bytes")).isNotNull();
            assertThat(gc.failures()).isZero();
        }
    }
}
