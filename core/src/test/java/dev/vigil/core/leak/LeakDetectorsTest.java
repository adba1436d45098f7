package dev.vigil.core.leak;

import dev.vigil.core.series.Series;
import dev.vigil.core.series.SeriesStore;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static dev.vigil.core.leak.Synthetic.MIB;
import static dev.vigil.core.leak.Synthetic.at;
import static org.assertj.core.api.Assertions.assertThat;

class LeakDetectorsTest {
    /** Fills a store the way the probes do: every 3 s, plus after-GC points of G1 Old Gen at irregular GC times. */
    private static SeriesStore storeWithThreadLeak(double minutes) {
        SeriesStore store = new SeriesStore(SeriesStore.MAX_POINTS_PER_SERIES);
        SplittableRandom r = new SplittableRandom(1);
        Series.Points afterGc = Synthetic.afterGc(minutes, m -> 300 * MIB, MIB, 40 * MIB, 2 * MIB, 5, 2);
        for (int i = 0; i < afterGc.size(); i++) {
            store.record("pool.G1 Old Gen.after_gc_used_bytes", "bytes", afterGc.timesMillis()[i],
                    afterGc.values()[i]);
        }
        for (long t = at(0); t <= at(minutes); t += 3_000) {
            double m = (t - at(0)) / 60_000.0;
            store.record("heap.used_bytes", "bytes", t, 400 * MIB + 100 * MIB * r.nextDouble());
            store.record("heap.committed_bytes", "bytes", t, 1024 * MIB);
            store.record("nonheap.used_bytes", "bytes", t, 80 * MIB);
            store.record("pool.Metaspace.used_bytes", "bytes", t, 60 * MIB);
            store.record("threads.live", "threads", t, 30 + Math.floor(m)); // one leaked thread a minute
            store.record("classes.loaded", "classes", t, 9_000);
            store.record("classes.unloaded_total", "classes", t, 0);
            store.record("buffers.direct.used_bytes", "bytes", t, 8 * MIB);
            store.record("buffers.mapped.used_bytes", "bytes", t, 0);
            store.record("process.open_fds", "fds", t, 120 + r.nextInt(3));
            store.record("process.rss_bytes", "bytes", t, 1300 * MIB + MIB * r.nextDouble());
        }
        return store;
    }

    /**
     * The agent evaluates every 10 s inside its host, and most rounds' reasons are never read: no round writes its
     * sentences (BENCHMARKS.md: they once made an idle agent the host's main StringBuilder caller). Read, they say
     * what the detector found.
     */
    @Test
    void roundsWriteNoReasonUntilOneIsRead() {
        List<LeakReport> rounds = everyHalfMinute(storeWithThreadLeak(40), 40);
        assertThat(rounds).hasSize(80);
        for (LeakReport r : rounds) {
            assertThat(r.findings()).hasSize(8);
            for (LeakFinding f : r.findings()) {
                assertThat(f.evidence().reasonText().isWritten()).as(f.resource() + " at " + r.evaluatedAtMillis())
                        .isFalse();
            }
        }
        LeakReport report = rounds.get(rounds.size() - 1);

        LeakFinding threads = report.finding(LeakResource.THREADS);
        assertThat(threads.evidence().reason()).startsWith("Live thread count grows 1 threads/min over the last ")
                .contains("% CI ").endsWith(".");
        assertThat(threads.evidence().reasonText().isWritten()).isTrue();
        assertThat(report.finding(LeakResource.FDS).evidence().reason()).startsWith("Open file descriptors ");
    }

    /** The agent's rounds over a store: one every half minute up to {@code minutes}, each given the last report. */
    private static List<LeakReport> everyHalfMinute(SeriesStore store, double minutes) {
        JvmFacts facts = new JvmFacts(2048 * (long) MIB, null, null, 4096L, 8192 * (long) MIB, null,
                GcFootprint.G1);
        LeakDetectors detectors = new LeakDetectors(DetectorSettings.defaults());
        List<LeakReport> reports = new ArrayList<>();
        LeakReport report = null;
        for (double minute = 0.5; minute <= minutes; minute += 0.5) {
            report = detectors.evaluate(LeakInputs.from(store, facts, at(minute)), report);
            reports.add(report);
        }
        return reports;
    }

    @Test
    void oneCallPerRoundGivesAFindingPerResourceAndTheWorstOverall() {
        List<LeakReport> rounds = everyHalfMinute(storeWithThreadLeak(40), 40);
        LeakReport report = rounds.get(rounds.size() - 1);
        assertThat(report.findings()).extracting(LeakFinding::resource).containsExactly(LeakResource.HEAP,
                LeakResource.THREADS, LeakResource.DIRECT, LeakResource.MAPPED, LeakResource.METASPACE,
                LeakResource.CLASSES, LeakResource.FDS, LeakResource.NATIVE);
        assertThat(report.finding(LeakResource.THREADS).status()).isEqualTo(LeakStatus.LEAKING);
        for (LeakFinding f : report.findings()) {
            if (f.resource() != LeakResource.THREADS) {
                assertThat(f.status()).as(f.resource() + ": " + f.evidence().reason()).isEqualTo(LeakStatus.OK);
            }
        }
        assertThat(report.overall()).isEqualTo(LeakStatus.LEAKING);
        assertThat(report.finding(LeakResource.HEAP).evidence().baselinePool()).isEqualTo("G1 Old Gen");

        LeakFinding threads = report.finding(LeakResource.THREADS).withSuspects(List.of("+12 threads: http-#"));
        Map<String, Object> json = threads.toMap();
        assertThat(json).containsKeys("resource", "status", "growth_per_minute", "unit", "confidence",
                "first_detected", "projected_exhaustion", "evidence", "suspects");
        assertThat(json.get("resource")).isEqualTo("threads");
        assertThat(json.get("status")).isEqualTo("leaking");
        assertThat(json.get("unit")).isEqualTo("threads");
        assertThat((String) json.get("first_detected")).matches("2026-01-01T00:\\d\\d:\\d\\dZ");
        assertThat(json.get("projected_exhaustion")).isNull(); // no thread limit known
        assertThat(json.get("suspects")).isEqualTo(List.of("+12 threads: http-#"));
        @SuppressWarnings("unchecked")
        Map<String, Object> evidence = (Map<String, Object>) json.get("evidence");
        assertThat(evidence).containsKeys("series", "points_used", "window_millis", "slope_per_minute",
                "slope_ci_low_per_minute", "slope_ci_high_per_minute", "kendall_tau", "p_value", "plateau", "reason");
        assertThat(report.with(threads).finding(LeakResource.THREADS).suspects()).hasSize(1);
        assertThat(report.toMap()).containsEntry("status", "leaking");
    }

    @Test
    void missingSeriesSkipTheirDetectorsAndAnEmptyStoreIsOk() {
        SeriesStore store = new SeriesStore(100);
        LeakReport report = new LeakDetectors(DetectorSettings.defaults())
                .evaluate(LeakInputs.from(store, JvmFacts.unknown(), at(1)), null);
        assertThat(report.findings()).isEmpty();
        assertThat(report.overall()).isEqualTo(LeakStatus.OK);
    }
}
