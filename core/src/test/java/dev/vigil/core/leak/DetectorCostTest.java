package dev.vigil.core.leak;

import dev.vigil.core.series.Series;
import org.junit.jupiter.api.Test;

import static dev.vigil.core.leak.Synthetic.MIB;
import static dev.vigil.core.leak.Synthetic.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What bounds the cost of a round on full series (28,800 points = 24 h at 3 s): every fit sees at most
 * {@code maxPoints} bucketed points (120 → 7,140 pairs for Theil–Sen), however long the series. The time it takes is
 * measured by the JMH benchmark in bench/jmh ({@code LeakDetectorsBenchmark}), not here.
 */
class DetectorCostTest {
    @Test
    void fitsOnFullSeriesAreBoundedByMaxPoints() {
        int n = 28_800;
        Series.Points slowLeak = Synthetic.regular(n * 3 / 60.0, 3_000, m -> 500 * MIB + 0.05 * MIB * m, 5 * MIB, 1);
        Series.Points afterGc = Synthetic.afterGc(24 * 60, m -> 500 * MIB + 0.05 * MIB * m, 2 * MIB, 60 * MIB,
                2 * MIB, 5, 2);
        long now = at(24 * 60);
        HeapBaseline g1 = HeapBaseline.choose(java.util.List.of("G1 Old Gen"));
        LeakFinding heap = PostGcTrend.withDefaults().evaluate(g1, afterGc, 4096L << 20, null, now);
        LeakFinding direct = ResourceTrendDetector.withDefaults(LeakResource.DIRECT)
                .evaluate("x", slowLeak, null, null, now);
        assertThat(slowLeak.size()).isGreaterThanOrEqualTo(n);
        assertThat(direct.evidence().pointsInWindow()).isGreaterThan(120);
        assertThat(direct.evidence().pointsUsed()).isLessThanOrEqualTo(120);
        assertThat(heap.evidence().pointsUsed()).isLessThanOrEqualTo(120);
    }
}
