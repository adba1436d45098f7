package dev.vigil.core.leak;

import dev.vigil.core.series.Series;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static dev.vigil.core.leak.Synthetic.MIB;
import static dev.vigil.core.leak.Synthetic.START;
import static dev.vigil.core.leak.Synthetic.at;
import static dev.vigil.core.leak.Synthetic.upTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Threads, classes, buffers, fds and native memory on synthetic series sampled every 3 s. */
class ResourceDetectorsTest {
    private static final long THREE_SECONDS = 3_000;

    @Test
    void threadPoolThatGrowsUnderBurstsAndShrinksIsOk() {
        // core 20 threads; bursts of 1-4 minutes every 5-12 minutes raise it to up to 120, then keep-alive shrinks it
        SplittableRandom r = new SplittableRandom(8);
        double[] burstStart = new double[40];
        double[] burstEnd = new double[40];
        double[] burstSize = new double[40];
        double m = 2;
        for (int i = 0; i < 40; i++) {
            m += 5 + 7 * r.nextDouble();
            burstStart[i] = m;
            burstEnd[i] = m + 1 + 3 * r.nextDouble();
            burstSize[i] = 20 + r.nextInt(100);
        }
        Series.Points live = Synthetic.regular(90, THREE_SECONDS, minute -> {
            double extra = 0;
            for (int i = 0; i < 40; i++) {
                if (minute >= burstStart[i] && minute < burstEnd[i]) extra = burstSize[i];
                else if (minute >= burstEnd[i] && minute < burstEnd[i] + 1) {
                    extra = Math.max(extra, burstSize[i] * (1 - (minute - burstEnd[i]))); // keep-alive 60 s
                }
            }
            return Math.round(20 + extra);
        }, 0, 1);
        ThreadGrowthDetector d = ThreadGrowthDetector.withDefaults();
        List<LeakFinding> f = Synthetic.rounds(90, 30, (now, prev) -> d.evaluate(upTo(live, now), null, prev, now));
        assertThat(Synthetic.worst(f)).as(Synthetic.timeline(f)).isEqualTo(LeakStatus.OK);
    }

    @Test
    void threadLeakOfOneThreadEveryTwoMinutesIsDetected() {
        Series.Points live = Synthetic.regular(60, THREE_SECONDS, m -> 40 + Math.floor(m / 2)
                + (m % 7 < 1 ? 15 : 0), 0, 2); // plus a short burst every 7 minutes
        ThreadGrowthDetector d = ThreadGrowthDetector.withDefaults();
        List<LeakFinding> f = Synthetic.rounds(60, 30, (now, prev) -> d.evaluate(upTo(live, now), null, prev, now));
        String timeline = Synthetic.timeline(f);
        assertThat(Synthetic.firstMinute(f, LeakStatus.SUSPECTED)).as(timeline).isLessThan(20);
        assertThat(Synthetic.last(f).status()).as(timeline).isEqualTo(LeakStatus.LEAKING);
        assertThat(Synthetic.last(f).growthPerMinute()).isCloseTo(0.5, within(0.1));
        assertThat(Synthetic.last(f).unit()).isEqualTo(LeakUnit.THREADS);
    }

    @Test
    void growingThreadGroupsAreNamed() {
        String leaked = ThreadGroupKey.of("http-client-17", "WAITING",
                List.of("jdk.internal.misc.Unsafe.park", "java.util.concurrent.locks.LockSupport.park"));
        assertThat(leaked).startsWith("http-client-# WAITING | jdk.internal.misc.Unsafe.park");
        String pool = ThreadGroupKey.of("pool-1-thread-3", "TIMED_WAITING", List.of("LinkedBlockingQueue.poll"));
        List<ThreadGroupSnapshot> snapshots = List.of(
                new ThreadGroupSnapshot(at(0), Map.of(leaked, 2, pool, 8, "main RUNNABLE", 1)),
                new ThreadGroupSnapshot(at(5), Map.of(leaked, 9, pool, 30, "main RUNNABLE", 1)),
                new ThreadGroupSnapshot(at(10), Map.of(leaked, 15, pool, 8, "main RUNNABLE", 1)),
                new ThreadGroupSnapshot(at(15), Map.of(leaked, 22, pool, 12, "main RUNNABLE", 1)));
        List<GrowingThreadGroup> growing = ThreadGrowthDetector.withDefaults().growingGroups(snapshots);
        assertThat(growing).hasSize(1);
        assertThat(growing.get(0).key()).isEqualTo(leaked);
        assertThat(growing.get(0).growth()).isEqualTo(20);
        assertThat(growing.get(0).threadsPerMinute()).isCloseTo(20 / 15.0, within(1e-9));
        assertThat(growing.get(0).describe()).contains("+20 threads (2 -> 22").contains("http-client-#");
        // with two snapshots, any group that grew by at least 3 counts; a new group counts from 0
        List<GrowingThreadGroup> two = ThreadGrowthDetector.growingGroups(List.of(snapshots.get(0),
                        new ThreadGroupSnapshot(at(1), Map.of(leaked, 2, pool, 12, "new-# NEW", 4))),
                ThreadGrowthDetector.GroupGrowthSettings.defaults());
        assertThat(two).extracting(GrowingThreadGroup::key).containsExactlyInAnyOrder(pool, "new-# NEW");
        assertThat(ThreadGrowthDetector.withDefaults().growingGroups(snapshots.subList(0, 1))).isEmpty();
    }

    @Test
    void oneStepOfLoadedClassesEndsOkAndIsNeverLeaking() {
        // 12,000 classes; a deploy at minute 20 loads 3,000 more within a minute; a few lambdas come and go
        Series.Points loaded = Synthetic.regular(60, THREE_SECONDS,
                m -> 12_000 + 3_000 * Math.max(0, Math.min(1, m - 20)), 3, 4);
        Series.Points unloaded = Synthetic.regular(60, THREE_SECONDS, m -> 40, 0, 5);
        ClassLoaderLeakDetector d = ClassLoaderLeakDetector.withDefaults();
        List<LeakFinding> f = Synthetic.rounds(60, 30,
                (now, prev) -> d.evaluate(upTo(loaded, now), upTo(unloaded, now), prev, now));
        String timeline = Synthetic.timeline(f);
        assertThat(Synthetic.worst(f)).as(timeline).isNotEqualTo(LeakStatus.LEAKING);
        assertThat(Synthetic.last(f).status()).as(timeline).isEqualTo(LeakStatus.OK);
    }

    @Test
    void classLoaderLeakIsLoadedClassesGrowingWhileUnloadedStaysFlat() {
        // every 3 minutes a redeploy leaks a loader with 400 classes
        Series.Points loaded = Synthetic.regular(60, THREE_SECONDS, m -> 10_000 + 400 * Math.floor(m / 3), 2, 6);
        Series.Points unloaded = Synthetic.regular(60, THREE_SECONDS, m -> 12, 0, 7);
        ClassLoaderLeakDetector d = ClassLoaderLeakDetector.withDefaults();
        List<LeakFinding> f = Synthetic.rounds(60, 30,
                (now, prev) -> d.evaluate(upTo(loaded, now), upTo(unloaded, now), prev, now));
        String timeline = Synthetic.timeline(f);
        LeakFinding last = Synthetic.last(f);
        assertThat(last.status()).as(timeline).isEqualTo(LeakStatus.LEAKING);
        assertThat(last.growthPerMinute()).isCloseTo(400 / 3.0, within(400 / 3.0 * 0.2));
        assertThat(last.evidence().details()).containsEntry("unloaded_flat", true);
        assertThat(last.evidence().reason()).contains("class-loader leak");
        assertThat(last.unit()).isEqualTo(LeakUnit.CLASSES);
    }

    @Test
    void directBufferLeakProjectsExhaustionAgainstMaxDirectMemory() {
        // 2 MiB/min of leaked direct buffers under a GC-driven sawtooth of temporary buffers; max 512 MiB
        SplittableRandom r = new SplittableRandom(12);
        double[] temp = {0};
        Series.Points direct = Synthetic.regular(45, THREE_SECONDS, m -> {
            temp[0] = r.nextInt(20) == 0 ? 0 : temp[0] + 2 * MIB * r.nextDouble();
            return 64 * MIB + 2 * MIB * m + temp[0];
        }, 0, 13);
        ResourceTrendDetector d = ResourceTrendDetector.withDefaults(LeakResource.DIRECT);
        List<LeakFinding> f = Synthetic.rounds(45, 30,
                (now, prev) -> d.evaluate("buffers.direct.used_bytes", upTo(direct, now), 512 * MIB, prev, now));
        LeakFinding last = Synthetic.last(f);
        String timeline = Synthetic.timeline(f);
        assertThat(last.status()).as(timeline).isEqualTo(LeakStatus.LEAKING);
        assertThat(last.growthPerMinute()).as(timeline).isCloseTo(2 * MIB, within(0.4 * MIB));
        double exhaustionMinute = (512 - 64) / 2.0; // 224
        assertThat((last.projectedExhaustionMillis() - START) / 60_000.0).as(timeline)
                .isCloseTo(exhaustionMinute, within(0.15 * (exhaustionMinute - 45)));
        assertThat(Synthetic.firstMinute(f, LeakStatus.SUSPECTED)).isLessThan(exhaustionMinute / 4);
    }

    @Test
    void fileDescriptorLeakIsFlaggedLongBeforeTheLimitAndFlatFdsAreOk() {
        Series.Points leaking = Synthetic.regular(60, THREE_SECONDS, m -> 200 + 3 * m, 4, 14);
        Series.Points flat = Synthetic.regular(60, THREE_SECONDS, m -> 200, 6, 15);
        ResourceTrendDetector d = ResourceTrendDetector.withDefaults(LeakResource.FDS);
        List<LeakFinding> bad = Synthetic.rounds(60, 30,
                (now, prev) -> d.evaluate("process.open_fds", upTo(leaking, now), 1024.0, prev, now));
        List<LeakFinding> good = Synthetic.rounds(60, 30,
                (now, prev) -> d.evaluate("process.open_fds", upTo(flat, now), 1024.0, prev, now));
        double exhaustionMinute = (1024 - 200) / 3.0; // 275
        assertThat(Synthetic.firstMinute(bad, LeakStatus.SUSPECTED)).isLessThan(exhaustionMinute / 4);
        assertThat(Synthetic.last(bad).status()).isEqualTo(LeakStatus.LEAKING);
        assertThat(Synthetic.last(bad).unit()).isEqualTo(LeakUnit.FDS);
        assertThat((Synthetic.last(bad).projectedExhaustionMillis() - START) / 60_000.0)
                .isCloseTo(exhaustionMinute, within(0.1 * (exhaustionMinute - 60)));
        assertThat(Synthetic.worst(good)).as(Synthetic.timeline(good)).isEqualTo(LeakStatus.OK);
    }

    @Test
    void nativeGrowthCountsOnlyWhatHeapNonHeapAndDirectDoNotExplain() {
        // RSS grows 3 MiB/min, but heap committed grows 3 MiB/min too: explained, ok
        Series.Points heapCommitted = Synthetic.regular(60, THREE_SECONDS, m -> 512 * MIB + 3 * MIB * m, 0, 1);
        Series.Points nonHeap = Synthetic.regular(60, THREE_SECONDS, m -> 90 * MIB, 0, 1);
        Series.Points direct = Synthetic.regular(60, THREE_SECONDS, m -> 16 * MIB, 0, 1);
        Series.Points explainedRss = Synthetic.regular(60, THREE_SECONDS,
                m -> 700 * MIB + 3 * MIB * m, 2 * MIB, 16);
        Series.Points leakingRss = Synthetic.regular(60, THREE_SECONDS,
                m -> 700 * MIB + 3 * MIB * m + 1.5 * MIB * m, 2 * MIB, 17);
        NativeMemoryGrowthDetector d = NativeMemoryGrowthDetector.withDefaults();
        List<Series.Points> components = List.of(heapCommitted, nonHeap, direct);
        List<LeakFinding> ok = Synthetic.rounds(60, 30, (now, prev) ->
                d.evaluate(upTo(explainedRss, now), components, "rss - explained", null, 4096 * MIB, prev, now));
        List<LeakFinding> bad = Synthetic.rounds(60, 30, (now, prev) ->
                d.evaluate(upTo(leakingRss, now), components, "rss - explained", null, 4096 * MIB, prev, now));
        assertThat(Synthetic.worst(ok)).as(Synthetic.timeline(ok)).isEqualTo(LeakStatus.OK);
        LeakFinding last = Synthetic.last(bad);
        assertThat(last.status()).as(Synthetic.timeline(bad)).isEqualTo(LeakStatus.LEAKING);
        assertThat(last.growthPerMinute()).isCloseTo(1.5 * MIB, within(0.3 * MIB));
        assertThat(last.evidence().details()).containsKeys("rss_bytes", "explained_bytes", "unexplained_bytes");
        // exhaustion is when RSS (growing 4.5 MiB/min) hits the limit: projected from the unexplained growth only
        assertThat(last.projectedExhaustionMillis()).isGreaterThan(at(60));

        Series.Points u = NativeMemoryGrowthDetector.unexplained(
                new Series.Points(new long[]{10, 20, 30}, new double[]{100, 110, 120}),
                java.util.Arrays.asList(new Series.Points(new long[]{15, 25}, new double[]{40, 50}), null));
        assertThat(u.values()).containsExactly(60, 70, 70); // before a component's first point: its first value
    }
}
