package dev.vigil.benchmarks;

import dev.vigil.core.leak.DetectorSettings;
import dev.vigil.core.leak.GcFootprint;
import dev.vigil.core.leak.JvmFacts;
import dev.vigil.core.leak.LeakDetectors;
import dev.vigil.core.leak.LeakInputs;
import dev.vigil.core.leak.LeakReport;
import dev.vigil.core.series.SeriesStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One leak-detection round as the agent runs it: snapshot every series the detectors read from a full store
 * (28,800 points each, a day at 3 s) and evaluate all detectors. The agent does this at most every 10 s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LeakDetectorsBenchmark {
    private static final long INTERVAL_MILLIS = 3_000;
    private SeriesStore store;
    private LeakDetectors detectors;
    private JvmFacts facts;
    private long now;

    @Setup
    public void fill() {
        store = new SeriesStore(SeriesStore.MAX_POINTS_PER_SERIES);
        SplittableRandom random = new SplittableRandom(7);
        long start = 1_700_000_000_000L;
        for (int i = 0; i < SeriesStore.MAX_POINTS_PER_SERIES; i++) {
            long t = start + i * INTERVAL_MILLIS;
            double minutes = i * INTERVAL_MILLIS / 60_000.0;
            // a slow heap leak under a GC sawtooth, and flat noisy resources
            double live = 400e6 + 50e3 * minutes;
            store.record("pool.G1 Old Gen.after_gc_used_bytes", "bytes", t, live + random.nextDouble() * 30e6);
            store.record("heap.used_bytes", "bytes", t, live + (i % 20) * 20e6);
            store.record("heap.committed_bytes", "bytes", t, 2e9);
            store.record("nonheap.used_bytes", "bytes", t, 120e6 + random.nextDouble() * 1e6);
            store.record("threads.live", "threads", t, 40 + random.nextInt(5));
            store.record("buffers.direct.used_bytes", "bytes", t, 8e6 + random.nextDouble() * 1e5);
            store.record("buffers.mapped.used_bytes", "bytes", t, 0);
            store.record("pool.Metaspace.used_bytes", "bytes", t, 90e6 + random.nextDouble() * 1e4);
            store.record("classes.loaded", "classes", t, 15_000);
            store.record("classes.unloaded_total", "classes", t, 10);
            store.record("process.open_fds", "fds", t, 200 + random.nextInt(10));
            store.record("process.rss_bytes", "bytes", t, 2.4e9 + random.nextDouble() * 5e6);
            store.record("process.rss_anon_bytes", "bytes", t, 2.35e9 + random.nextDouble() * 5e6);
            now = t;
        }
        detectors = new LeakDetectors(DetectorSettings.defaults());
        facts = new JvmFacts(4L << 30, null, null, 65_536L, 16L << 30, null, GcFootprint.G1);
    }

    @Benchmark
    public LeakReport roundOnFullSeries() {
        return detectors.evaluate(LeakInputs.from(store, facts, now), null);
    }
}
