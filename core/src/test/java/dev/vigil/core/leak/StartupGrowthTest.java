package dev.vigil.core.leak;

import dev.vigil.core.series.Series;
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
                .evaluate(rss, List.of(committed, nonHeap), null, null, at(40));
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
        LeakFinding slow = detector.evaluate(creep, List.of(committed), 24.0 * 1024 * MIB, null, now);
        assertThat(slow.status()).as("the raw trend is growth").isNotEqualTo(LeakStatus.OK);
        assertThat(LeakDetectors.gateNative(slow, now).status()).isEqualTo(LeakStatus.OK);
        assertThat(LeakDetectors.gateNative(slow, now).evidence().reason()).contains("more than three days away");
        LeakFinding fast = detector.evaluate(leak, List.of(committed), 2.0 * 1024 * MIB, null, now);
        assertThat(LeakDetectors.gateNative(fast, now).status()).isNotEqualTo(LeakStatus.OK);
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
