package dev.vigil.core.leak;

import dev.vigil.core.series.Series;
import dev.vigil.core.series.SeriesStore;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.vigil.core.leak.Synthetic.MIB;
import static dev.vigil.core.leak.Synthetic.at;
import static org.assertj.core.api.Assertions.assertThat;

/** Growth a healthy JVM shows long after start-up, which the scenario suite found raising false alarms. */
class StartupGrowthTest {
    @Test
    void metaspaceGrowthWithFlatClassCountAndNoLimitIsNotAFinding() {
        // 60 KiB/min of metaspace for 40 minutes while the loaded class count stays flat
        Series.Points metaspace = Synthetic.regular(40, 3_000, m -> 40 * MIB + 60 * 1024 * m, 4 * 1024, 3);
        Series.Points loaded = Synthetic.regular(40, 3_000, m -> 5_000, 0, 4);
        Series.Points unloaded = Synthetic.regular(40, 3_000, m -> 0, 0, 5);
        long now = at(40);
        LeakFinding m = ResourceTrendDetector.withDefaults(LeakResource.METASPACE)
                .evaluate(LeakInputs.METASPACE_USED, metaspace, null, null, now);
        assertThat(m.status()).as("the raw trend is growth").isNotEqualTo(LeakStatus.OK);
        LeakFinding classes = ClassLoaderLeakDetector.withDefaults().evaluate(loaded, unloaded, null, now);
        assertThat(classes.status()).isEqualTo(LeakStatus.OK);
        LeakFinding gated = LeakDetectors.gateMetaspace(m, classes, now);
        assertThat(gated.status()).isEqualTo(LeakStatus.OK);
        assertThat(gated.evidence().reason()).contains("loaded classes do not grow");
    }

    @Test
    void metaspaceGrowthNearItsLimitStaysAFinding() {
        Series.Points metaspace = Synthetic.regular(40, 3_000, m -> 40 * MIB + 1024 * 1024 * m, 4 * 1024, 3);
        long now = at(40);
        LeakFinding m = ResourceTrendDetector.withDefaults(LeakResource.METASPACE)
                .evaluate(LeakInputs.METASPACE_USED, metaspace, 128.0 * MIB, null, now);
        assertThat(m.projectedExhaustionMillis()).isNotNull();
        assertThat(LeakDetectors.gateMetaspace(m, null, now).status()).isNotEqualTo(LeakStatus.OK);
    }

    @Test
    void heapPagesBeingTouchedAreNotNativeGrowth() {
        // RSS climbs towards the committed heap as pages are touched; nothing outside the JVM grows
        Series.Points committed = Synthetic.regular(40, 3_000, m -> 512 * MIB, 0, 6);
        Series.Points nonHeap = Synthetic.regular(40, 3_000, m -> 60 * MIB, 0, 7);
        Series.Points rss = Synthetic.regular(40, 3_000, m -> 200 * MIB + 8 * MIB * m, MIB, 8);
        LeakFinding f = NativeMemoryGrowthDetector.withDefaults()
                .evaluate(rss, List.of(committed, nonHeap), "rss - (committed + nonheap)", null, null, null, at(40));
        assertThat(f.status()).isEqualTo(LeakStatus.OK);
        assertThat(NativeMemoryGrowthDetector.unexplained(rss, List.of(committed, nonHeap)).values())
                .containsOnly(0.0);
    }

    @Test
    void slowNativeCreepFarFromTheLimitIsNotAFindingButAFastOneIs() {
        Series.Points committed = Synthetic.regular(40, 3_000, m -> 256 * MIB, 0, 6);
        Series.Points creep = Synthetic.regular(40, 3_000, m -> 300 * MIB + 0.2 * MIB * m, 0.05 * MIB, 9);
        Series.Points leak = Synthetic.regular(40, 3_000, m -> 300 * MIB + 4 * MIB * m, 0.05 * MIB, 10);
        long now = at(40);
        NativeMemoryGrowthDetector detector = NativeMemoryGrowthDetector.withDefaults();
        LeakFinding slow = detector.evaluate(creep, List.of(committed), "rss - committed", null, 24.0 * 1024 * MIB,
                null, now);
        assertThat(slow.status()).as("the raw trend is growth").isNotEqualTo(LeakStatus.OK);
        assertThat(LeakDetectors.gateNative(slow, now).status()).isEqualTo(LeakStatus.OK);
        assertThat(LeakDetectors.gateNative(slow, now).evidence().reason()).contains("more than three days away");
        LeakFinding fast = detector.evaluate(leak, List.of(committed), "rss - committed", null, 2.0 * 1024 * MIB,
                null, now);
        assertThat(LeakDetectors.gateNative(fast, now).status()).isNotEqualTo(LeakStatus.OK);
    }

    /**
     * A G1 JVM whose soft-reference cache fills a 256 MiB heap (measured: NMT's GC category committed 46 MiB beside
     * it): anonymous resident memory first climbs towards the committed heap, then the collector's structures become
     * resident as it works through a full heap, 4.5 MiB/min for ten minutes (judged at 20 minutes, in that climb).
     * Optionally a malloc leak on top.
     */
    private static SeriesStore g1HeapFilling(double mallocLeakMibPerMinute) {
        SeriesStore store = new SeriesStore(SeriesStore.MAX_POINTS_PER_SERIES);
        java.util.SplittableRandom r = new java.util.SplittableRandom(21);
        for (long t = at(0); t <= at(JUDGED_AT_MINUTES); t += 3_000) {
            double m = (t - at(0)) / 60_000.0;
            double heapResident = Math.min(256, 120 + 12 * m);
            double gcResident = 4 + Math.min(45, Math.max(0, 4.5 * (m - 12)));
            double leak = mallocLeakMibPerMinute * m;
            double anon = (heapResident + gcResident + 60 + 10 + leak + r.nextDouble()) * MIB;
            store.record("heap.committed_bytes", "bytes", t, 256 * MIB);
            store.record("nonheap.used_bytes", "bytes", t, 60 * MIB);
            store.record("buffers.direct.used_bytes", "bytes", t, 0);
            store.record("process.rss_anon_bytes", "bytes", t, anon);
            store.record("process.rss_bytes", "bytes", t, anon + 22 * MIB + Math.min(8, m) * MIB);
        }
        return store;
    }

    private static final double JUDGED_AT_MINUTES = 20;

    private static LeakFinding nativeFinding(SeriesStore store, GcFootprint gc, double limitBytes) {
        long now = at(JUDGED_AT_MINUTES);
        JvmFacts facts = new JvmFacts(256 * (long) MIB, null, null, null, (long) limitBytes, null, gc);
        LeakInputs in = LeakInputs.from(store, facts, now, at(5));
        LeakFinding f = NativeMemoryGrowthDetector.withDefaults().evaluate(in, null, now);
        return LeakDetectors.gateNative(f, now);
    }

    @Test
    void gcStructuresBecomingResidentAsTheHeapFillsAreNotNativeGrowth() {
        LeakFinding healthy = nativeFinding(g1HeapFilling(0), GcFootprint.G1, 2048 * MIB);
        assertThat(healthy.status()).as(healthy.evidence().reason()).isEqualTo(LeakStatus.OK);
        assertThat(healthy.evidence().series()).startsWith("process.rss_anon_bytes - (heap.committed_bytes + G1 GC");
        // the same series without the collector's share (the residual before GcFootprint) is a finding
        LeakFinding withoutGc = nativeFinding(g1HeapFilling(0), new GcFootprint("none", 0, 0, true), 2048 * MIB);
        assertThat(withoutGc.status()).as(withoutGc.evidence().reason()).isNotEqualTo(LeakStatus.OK);

        LeakFinding leak = nativeFinding(g1HeapFilling(3), GcFootprint.G1, 2048 * MIB);
        assertThat(leak.status()).as(leak.evidence().reason()).isNotEqualTo(LeakStatus.OK);
        assertThat(leak.growthPerMinute()).isBetween(2.0 * MIB, 4.5 * MIB);
        assertThat(leak.evidence().details()).containsKeys("rss_bytes", "resident_bytes", "explained_bytes",
                "unexplained_bytes");
    }

    @Test
    void underZgcTheHeapIsSharedMemoryAndLeftOutOfTheAnonymousResidual() {
        // ZGC: 1 GiB heap in shared memory (RssShmem), 150 MiB anonymous; a malloc leak of 3 MiB/min in the latter
        SeriesStore store = new SeriesStore(SeriesStore.MAX_POINTS_PER_SERIES);
        for (long t = at(0); t <= at(JUDGED_AT_MINUTES); t += 3_000) {
            double m = (t - at(0)) / 60_000.0;
            store.record("heap.committed_bytes", "bytes", t, 1024 * MIB);
            store.record("nonheap.used_bytes", "bytes", t, 60 * MIB);
            store.record("process.rss_anon_bytes", "bytes", t, (150 + 3 * m) * MIB);
            store.record("process.rss_bytes", "bytes", t, (1200 + 3 * m) * MIB);
        }
        LeakFinding zgc = nativeFinding(store, GcFootprint.ZGC, 2048 * MIB);
        assertThat(zgc.status()).as(zgc.evidence().reason()).isNotEqualTo(LeakStatus.OK);
        assertThat(zgc.evidence().series()).doesNotContain("+ heap.committed_bytes").contains("ZGC GC structures");
        // counting the shared-memory heap as explained would hide the leak under the floor at zero
        LeakFinding asIfAnonymous = nativeFinding(store, new GcFootprint("ZGC", 0.045, 80 * (long) MIB, true),
                2048 * MIB);
        assertThat(asIfAnonymous.status()).isEqualTo(LeakStatus.OK);
    }

    @Test
    void collectorsAreRecognisedByTheirMxBeanNames() {
        assertThat(GcFootprint.fromCollectorNames(List.of("G1 Young Generation", "G1 Old Generation")))
                .isEqualTo(GcFootprint.G1);
        assertThat(GcFootprint.fromCollectorNames(List.of("PS Scavenge", "PS MarkSweep")))
                .isEqualTo(GcFootprint.PARALLEL);
        assertThat(GcFootprint.fromCollectorNames(List.of("Copy", "MarkSweepCompact"))).isEqualTo(GcFootprint.SERIAL);
        assertThat(GcFootprint.fromCollectorNames(List.of("ZGC Minor Cycles", "ZGC Major Pauses")))
                .isEqualTo(GcFootprint.ZGC);
        assertThat(GcFootprint.fromCollectorNames(List.of("Shenandoah Pauses"))).isEqualTo(GcFootprint.SHENANDOAH);
        assertThat(GcFootprint.fromCollectorNames(List.of("Epsilon Heap"))).isEqualTo(GcFootprint.UNKNOWN);
        assertThat(GcFootprint.G1.bytesBeside(1024 * MIB)).isCloseTo((0.045 * 1024 + 40) * MIB,
                org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void classChurnWhoseUnloadingLagsIsNotAFindingButALeakOfLoadersIs() {
        // healthy: 2.6 classes/min loaded, 1.6/min unloaded in batches every 8 minutes: the count climbs 1/min
        Series.Points churnLoaded = Synthetic.regular(40, 3_000, m -> 5_000 + 2.6 * m - 1.6 * 8 * Math.floor(m / 8),
                0.5, 11);
        Series.Points churnUnloaded = Synthetic.regular(40, 3_000, m -> 1.6 * 8 * Math.floor(m / 8), 0, 12);
        // leak: 10 classes/min loaded, none unloaded
        Series.Points leakLoaded = Synthetic.regular(40, 3_000, m -> 5_000 + 10 * m, 0.5, 13);
        Series.Points leakUnloaded = Synthetic.regular(40, 3_000, m -> 0, 0, 14);
        long now = at(40);
        LeakFinding churn = ClassLoaderLeakDetector.withDefaults().evaluate(churnLoaded, churnUnloaded, null, now);
        assertThat(churn.status()).as("the raw trend is growth").isNotEqualTo(LeakStatus.OK);
        LeakFinding gated = LeakDetectors.gateClasses(churn, now);
        assertThat(gated.status()).isEqualTo(LeakStatus.OK);
        assertThat(gated.evidence().reason()).contains("class loaders are collected");
        LeakFinding leak = ClassLoaderLeakDetector.withDefaults().evaluate(leakLoaded, leakUnloaded, null, now);
        assertThat(LeakDetectors.gateClasses(leak, now).status()).isNotEqualTo(LeakStatus.OK);
    }
}
