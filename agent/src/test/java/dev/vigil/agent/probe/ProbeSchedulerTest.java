package dev.vigil.agent.probe;

import dev.vigil.core.series.SeriesStore;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProbeSchedulerTest {
    @Test
    void aFailingProbeIsContainedCountedAndRecovers() {
        SeriesStore store = new SeriesStore(10);
        boolean[] fail = {true};
        Probe flaky = new Probe() {
            @Override
            public String name() {
                return "flaky";
            }

            @Override
            public void sample(SeriesStore s, long now) {
                if (fail[0]) throw new IllegalStateException("no such bean");
                s.record("flaky.value", "count", now, 1);
            }
        };
        Probe steady = new Probe() {
            @Override
            public String name() {
                return "steady";
            }

            @Override
            public void sample(SeriesStore s, long now) {
                s.record("steady.value", "count", now, now);
            }
        };
        long[] clock = {1000};
        ProbeScheduler scheduler = new ProbeScheduler(List.of(flaky, steady), store, () -> clock[0]);
        scheduler.sampleAll();
        clock[0] = 2000;
        scheduler.sampleAll();
        assertThat(store.find("steady.value").size()).isEqualTo(2);
        ProbeStatus flakyStatus = scheduler.statuses().get(0);
        assertThat(flakyStatus.failures()).isEqualTo(2);
        assertThat(flakyStatus.healthy()).isFalse();
        assertThat(flakyStatus.lastError()).isEqualTo("IllegalStateException: no such bean");

        fail[0] = false;
        scheduler.sampleAll();
        assertThat(scheduler.statuses().get(0).healthy()).isTrue();
        assertThat(scheduler.statuses().get(0).samples()).isEqualTo(1);
    }

    @Test
    void realProbesRecordTheDocumentedSeries() {
        SeriesStore store = new SeriesStore(10);
        new ProbeScheduler(List.of(new MemoryProbe(), new ThreadProbe(), new BufferPoolProbe(), new ProcessProbe()),
                store, System::currentTimeMillis).sampleAll();
        for (String name : List.of("heap.used_bytes", "heap.committed_bytes", "nonheap.used_bytes", "threads.live",
                "threads.daemon", "classes.loaded", "classes.unloaded_total", "buffers.direct.used_bytes",
                "buffers.mapped.count", "process.rss_bytes", "process.open_fds", "process.cpu_seconds")) {
            assertThat(store.find(name)).as(name).isNotNull();
            assertThat(store.find(name).last().value()).as(name).isGreaterThanOrEqualTo(0);
        }
        assertThat(store.find("threads.live").last().value()).isGreaterThan(0);
    }
}
