package dev.vigil.core.leak;

import dev.vigil.core.series.Series;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.vigil.core.leak.Synthetic.MIB;
import static dev.vigil.core.leak.Synthetic.upTo;
import static org.assertj.core.api.Assertions.assertThat;

/** False alarms on healthy noise across seeds, and a leak that starts after hours of stability. */
class HealthyAndLateLeaksTest {
    @Test
    void flatNoisySeriesRaiseNoAlarmAcrossSeeds() {
        HeapBaseline zgc = HeapBaseline.choose(List.of("ZHeap"));
        PostGcTrend heap = PostGcTrend.withDefaults();
        ThreadGrowthDetector threads = ThreadGrowthDetector.withDefaults();
        ResourceTrendDetector fds = ResourceTrendDetector.withDefaults(LeakResource.FDS);
        for (long seed = 1; seed <= 4; seed++) {
            // ZGC: every cycle measures live set + floating garbage (noise), at irregular GC times
            Series.Points afterGc = Synthetic.afterGc(120, m -> 900 * MIB, 30 * MIB, 30 * MIB, 30 * MIB, 20, seed);
            Series.Points live = Synthetic.regular(120, 3_000, m -> 50, 0, seed);
            Series.Points liveNoisy = new Series.Points(live.timesMillis(), round(live.values(), seed, 3));
            Series.Points openFds = Synthetic.regular(120, 3_000, m -> 300, 0, seed);
            Series.Points fdsNoisy = new Series.Points(openFds.timesMillis(), round(openFds.values(), seed + 50, 8));
            List<LeakFinding> h = Synthetic.rounds(120, 60,
                    (now, prev) -> heap.evaluate(zgc, upTo(afterGc, now), 4096L << 20, prev, now));
            List<LeakFinding> t = Synthetic.rounds(120, 60,
                    (now, prev) -> threads.evaluate(upTo(liveNoisy, now), null, prev, now));
            List<LeakFinding> f = Synthetic.rounds(120, 60,
                    (now, prev) -> fds.evaluate("process.open_fds", upTo(fdsNoisy, now), 4096.0, prev, now));
            assertThat(Synthetic.worst(h)).as("heap seed " + seed + ": " + Synthetic.timeline(h))
                    .isEqualTo(LeakStatus.OK);
            assertThat(Synthetic.worst(t)).as("threads seed " + seed + ": " + Synthetic.timeline(t))
                    .isEqualTo(LeakStatus.OK);
            assertThat(Synthetic.worst(f)).as("fds seed " + seed + ": " + Synthetic.timeline(f))
                    .isEqualTo(LeakStatus.OK);
        }
    }

    /** Integer noise of +-spread around the values, as counts have. */
    private static double[] round(double[] values, long seed, int spread) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed * 31);
        double[] out = values.clone();
        for (int i = 0; i < out.length; i++) out[i] = Math.round(out[i] + r.nextInt(2 * spread + 1) - spread);
        return out;
    }

    @Test
    void leakThatStartsAfterThreeStableHoursIsFlaggedWithinAQuarterOfItsTimeToExhaustion() {
        // G1, 1 GiB heap, 400 MiB stable for 3 h, then 4 MiB/min: exhausts after 156 min of leaking
        Series.Points afterGc = Synthetic.afterGc(240, m -> 400 * MIB + (m > 180 ? 4 * MIB * (m - 180) : 0),
                2 * MIB, 80 * MIB, 4 * MIB, 5, 77);
        HeapBaseline g1 = HeapBaseline.choose(List.of("G1 Old Gen"));
        PostGcTrend heap = PostGcTrend.withDefaults();
        List<LeakFinding> f = Synthetic.rounds(240, 60,
                (now, prev) -> heap.evaluate(g1, upTo(afterGc, now), 1024L << 20, prev, now));
        String timeline = Synthetic.timeline(f);
        assertThat(Synthetic.worst(f.subList(0, 179))).as(timeline).isEqualTo(LeakStatus.OK); // first 180 min
        double timeToExhaustion = (1024 - 400) / 4.0;
        assertThat(Synthetic.firstMinute(f, LeakStatus.SUSPECTED) - 180).as(timeline)
                .isLessThan(timeToExhaustion / 4);
        assertThat(Synthetic.last(f).status()).as(timeline).isEqualTo(LeakStatus.LEAKING);
    }
}
