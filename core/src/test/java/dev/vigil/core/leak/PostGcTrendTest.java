package dev.vigil.core.leak;

import dev.vigil.core.series.Series;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.vigil.core.leak.Synthetic.MIB;
import static dev.vigil.core.leak.Synthetic.MINUTE;
import static dev.vigil.core.leak.Synthetic.START;
import static dev.vigil.core.leak.Synthetic.at;
import static dev.vigil.core.leak.Synthetic.upTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PostGcTrendTest {
    private static final HeapBaseline G1 = HeapBaseline.choose(List.of("G1 Eden Space", "G1 Survivor Space",
            "G1 Old Gen"));
    private static final long MAX_HEAP = 2048L * 1024 * 1024;
    private final PostGcTrend detector = PostGcTrend.withDefaults();

    private List<LeakFinding> run(Series.Points afterGc, double minutes) {
        return Synthetic.rounds(minutes, 30,
                (now, prev) -> detector.evaluate(G1, upTo(afterGc, now), MAX_HEAP, prev, now));
    }

    @Test
    void linearLeakWithNoiseIsSuspectedThenLeakingWithTheRightSlopeAndExhaustion() {
        double leak = 8 * MIB; // per minute, from 300 MiB: exhausts 2 GiB after 218.5 min
        Series.Points afterGc = Synthetic.afterGc(60, m -> 300 * MIB + leak * m, 0.5 * MIB, 20 * MIB, 3 * MIB, 6,
                11);
        List<LeakFinding> f = run(afterGc, 60);
        String timeline = Synthetic.timeline(f);
        double timeToExhaustion = (2048 - 300) / 8.0;

        double suspected = Synthetic.firstMinute(f, LeakStatus.SUSPECTED);
        double leaking = Synthetic.firstMinute(f, LeakStatus.LEAKING);
        assertThat(suspected).as(timeline).isLessThan(timeToExhaustion / 4);
        assertThat(leaking).as(timeline).isGreaterThan(suspected).isLessThan(timeToExhaustion / 4);

        LeakFinding last = Synthetic.last(f);
        assertThat(last.status()).as(timeline).isEqualTo(LeakStatus.LEAKING);
        assertThat(last.growthPerMinute()).isCloseTo(leak, within(0.2 * leak));
        assertThat(last.evidence().slopeLowPerMinute()).isLessThanOrEqualTo(last.growthPerMinute());
        assertThat(last.evidence().slopeHighPerMinute()).isGreaterThanOrEqualTo(last.growthPerMinute());
        assertThat(last.confidence()).isGreaterThan(0.99);
        assertThat(last.firstDetectedMillis()).isEqualTo(at(suspected));
        assertThat(last.unit()).isEqualTo(LeakUnit.BYTES);
        assertThat(last.evidence().baselinePool()).isEqualTo("G1 Old Gen");
        // truth: 2 GiB reached at minute 218.5; projected from minute 60, within 10% of the remaining time
        double projectedMinute = (last.projectedExhaustionMillis() - START) / (double) MINUTE;
        assertThat(projectedMinute).as(timeline).isCloseTo(timeToExhaustion, within(0.1 * (timeToExhaustion - 60)));
        assertThat(last.evidence().reason()).contains("grows").contains("limit");
    }

    @Test
    void slowLeakUnderAHeavyPromotionSawtoothIsDetected() {
        // 1 MiB/min of live set under a 200 MiB sawtooth of promoted garbage (young GC every 1-4 s)
        Series.Points afterGc = Synthetic.afterGc(60, m -> 500 * MIB + MIB * m, 6 * MIB, 200 * MIB, 4 * MIB, 4, 22);
        List<LeakFinding> f = run(afterGc, 60);
        String timeline = Synthetic.timeline(f);
        LeakFinding last = Synthetic.last(f);
        assertThat(last.status()).as(timeline).isNotEqualTo(LeakStatus.OK);
        assertThat(Synthetic.firstMinute(f, LeakStatus.SUSPECTED)).as(timeline).isLessThan(40);
        assertThat(last.growthPerMinute()).as(timeline).isCloseTo(MIB, within(0.3 * MIB));
    }

    @Test
    void cacheThatWarmsUpAndLevelsOffEndsOkAndIsNeverLeaking() {
        // fills 400 MiB over the first 12 minutes (fast at first), then flat
        Series.Points afterGc = Synthetic.afterGc(60,
                m -> 200 * MIB + 400 * MIB * Math.min(1, 1 - Math.pow(1 - Math.min(m, 12) / 12, 2)),
                2 * MIB, 60 * MIB, 3 * MIB, 5, 33);
        List<LeakFinding> f = run(afterGc, 60);
        String timeline = Synthetic.timeline(f);
        assertThat(Synthetic.worst(f)).as(timeline).isNotEqualTo(LeakStatus.LEAKING);
        assertThat(Synthetic.last(f).status()).as(timeline).isEqualTo(LeakStatus.OK);
        assertThat(Synthetic.last(f).firstDetectedMillis()).isNull();
        assertThat(Synthetic.last(f).projectedExhaustionMillis()).isNull();
    }

    @Test
    void burstySawtoothOnAFlatBaselineIsNeverFlagged() {
        for (long seed = 1; seed <= 5; seed++) {
            Series.Points afterGc = Synthetic.afterGc(90, m -> 700 * MIB, 8 * MIB, 200 * MIB, 10 * MIB, 5, 100 + seed);
            List<LeakFinding> f = run(afterGc, 90);
            assertThat(Synthetic.worst(f)).as("seed " + seed + ": " + Synthetic.timeline(f))
                    .isEqualTo(LeakStatus.OK);
        }
    }

    @Test
    void fewerPointsThanTheWarmUpGateIsOkAndSaysWarmingUp() {
        Series.Points afterGc = Synthetic.afterGc(5, m -> 300 * MIB + 50 * MIB * m, MIB, 20 * MIB, MIB, 6, 44);
        long now = at(5);
        LeakFinding f = detector.evaluate(G1, afterGc, MAX_HEAP, null, now);
        assertThat(f.status()).isEqualTo(LeakStatus.OK);
        assertThat(f.evidence().verdict()).isEqualTo(TrendVerdict.WARMING_UP);
        assertThat(f.evidence().reason()).contains("warming up");
        assertThat(f.growthPerMinute()).isZero();
        assertThat(f.confidence()).isZero();

        LeakFinding empty = detector.evaluate(G1, new Series.Points(new long[0], new double[0]), MAX_HEAP, null, now);
        assertThat(empty.status()).isEqualTo(LeakStatus.OK);
        assertThat(empty.evidence().reason()).contains("no data");
    }

    @Test
    void baselinePoolIsPickedForEveryCollector() {
        assertThat(HeapBaseline.choose(List.of("G1 Eden Space", "G1 Old Gen", "G1 Survivor Space")).poolName())
                .isEqualTo("G1 Old Gen");
        assertThat(HeapBaseline.choose(List.of("PS Eden Space", "PS Survivor Space", "PS Old Gen")).poolName())
                .isEqualTo("PS Old Gen");
        assertThat(HeapBaseline.choose(List.of("Eden Space", "Survivor Space", "Tenured Gen")).collector())
                .isEqualTo("Serial");
        assertThat(HeapBaseline.choose(List.of("ZHeap", "Metaspace")).poolName()).isEqualTo("ZHeap");
        assertThat(HeapBaseline.choose(List.of("ZGC Young Generation", "ZGC Old Generation")).seriesName())
                .isEqualTo("pool.ZGC Old Generation.after_gc_used_bytes");
        assertThat(HeapBaseline.choose(List.of("Shenandoah", "Metaspace")).poolName()).isEqualTo("Shenandoah");
        assertThat(HeapBaseline.choose(List.of("Weird Young", "Weird Old Space")).poolName())
                .isEqualTo("Weird Old Space");
        HeapBaseline none = HeapBaseline.choose(List.of("Epsilon Heap", "Metaspace"));
        assertThat(none.isFallback()).isTrue();
        assertThat(none.seriesName()).isEqualTo("heap.used_bytes");
        assertThat(HeapBaseline.fromSeriesNames(List.of("heap.used_bytes", "pool.G1 Old Gen.used_bytes",
                "pool.G1 Old Gen.after_gc_used_bytes", "pool.G1 Eden Space.after_gc_used_bytes")).poolName())
                .isEqualTo("G1 Old Gen");
    }
}
