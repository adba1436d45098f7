package dev.vigil.agent.metrics;

import dev.vigil.agent.probe.GcProbe;
import dev.vigil.agent.probe.ProcessProbe;
import dev.vigil.core.series.SeriesStore;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Exemplar;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** client_java's own writers are the reference: for what the writer covers, the same bytes in both formats. */
class MetricsTextWriterTest {
    private static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0";

    @Test
    void theAgentsRegistryIsWrittenAsClientJavaWritesIt() throws IOException {
        VigilMetrics metrics = agentMetrics();
        MetricSnapshots snapshots = metrics.registry().scrape(); // one reading for both writers
        assertThat(MetricsTextWriter.covers(snapshots)).isTrue();
        assertSameAsClientJava(snapshots);
        assertThat(ours(snapshots, false)).contains("# TYPE jvm_gc_collection_seconds summary",
                "# TYPE jvm_runtime_info gauge", "# TYPE process_cpu_seconds_total counter");
    }

    @Test
    void everyShapeAndEscapeMatches() throws IOException {
        MetricSnapshots snapshots = MetricSnapshots.of(
                GaugeSnapshot.builder().name("sizes_bytes")
                        .help("Sizes \\ of \"things\"\nin bytes, Größe ☃ \uD83D\uDE00").unit(Unit.BYTES)
                        .dataPoint(gauge(0, "path", "C:\\tmp\\\"quoted\"\nnext", "kind", "Größe ☃ \uD83D\uDE00"))
                        .dataPoint(gauge(-0.0, "path", "b", "kind", ""))
                        .dataPoint(gauge(Double.NaN, "path", "c", "kind", "nan"))
                        .dataPoint(gauge(Double.POSITIVE_INFINITY, "path", "d", "kind", "inf"))
                        .dataPoint(gauge(Double.NEGATIVE_INFINITY, "path", "e", "kind", "-inf")).build(),
                GaugeSnapshot.builder().name("no_help_no_labels").dataPoint(gauge(9_999_999)).build(),
                GaugeSnapshot.builder().name("empty_family").help("never written").build(),
                CounterSnapshot.builder().name("request_seconds").help("Requests").unit(Unit.SECONDS)
                        .dataPoint(counter(1e7, "code", "200"))
                        .dataPoint(counter(0.001, "code", "500")).build(),
                SummarySnapshot.builder().name("latency_seconds").help("Latency").unit(Unit.SECONDS)
                        .dataPoint(SummaryDataPointSnapshot.builder().count(3).sum(1.5)
                                .quantiles(Quantiles.of(new Quantile(0.5, 0.25), new Quantile(0.99, 1.0)))
                                .labels(Labels.of("path", "/a")).build())
                        .dataPoint(SummaryDataPointSnapshot.builder().count(0).sum(0)
                                .quantiles(Quantiles.of(new Quantile(0.5, Double.NaN))).build())
                        .dataPoint(SummaryDataPointSnapshot.builder().count(7).labels(Labels.of("path", "/count-only"))
                                .build())
                        .build(),
                InfoSnapshot.builder().name("build").help("Build info")
                        .dataPoint(InfoDataPointSnapshot.builder().labels(Labels.of("version", "1.0", "branch", "main"))
                                .build()).build(),
                GaugeSnapshot.builder().name("name_with:colon").dataPoint(gauge(-1234.5678)).build());
        assertThat(MetricsTextWriter.covers(snapshots)).isTrue();
        assertSameAsClientJava(snapshots);
    }

    @Test
    void randomValuesAndStringsMatch() throws IOException {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            List<MetricSnapshot> families = new ArrayList<>();
            for (int f = 0; f < 5; f++) {
                GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name("g" + f).help(randomText(random));
                CounterSnapshot.Builder counter = CounterSnapshot.builder().name("c" + f);
                for (int p = 0; p < 4; p++) {
                    Labels labels = Labels.of("a", randomText(random), "b" + p, randomText(random));
                    gauge.dataPoint(GaugeDataPointSnapshot.builder().value(randomValue(random)).labels(labels).build());
                    counter.dataPoint(CounterDataPointSnapshot.builder().value(Math.abs(randomValue(random)))
                            .labels(labels).build());
                }
                families.add(gauge.build());
                families.add(counter.build());
            }
            MetricSnapshots snapshots = new MetricSnapshots(families);
            assertThat(MetricsTextWriter.covers(snapshots)).isTrue();
            assertSameAsClientJava(snapshots);
        }
    }

    @Test
    void whatItDoesNotCoverIsLeftToClientJava() {
        Exemplar exemplar = Exemplar.builder().value(1).traceId("abc").build();
        List<MetricSnapshot> uncovered = List.of(
                UnknownSnapshot.builder().name("unknown").dataPoint(
                        UnknownSnapshot.UnknownDataPointSnapshot.builder().value(1).build()).build(),
                StateSetSnapshot.builder().name("state").dataPoint(
                        StateSetSnapshot.StateSetDataPointSnapshot.builder().state("on", true).build()).build(),
                CounterSnapshot.builder().name("with_exemplar").dataPoint(
                        CounterDataPointSnapshot.builder().value(1).exemplar(exemplar).build()).build(),
                CounterSnapshot.builder().name("with_created").dataPoint(
                        CounterDataPointSnapshot.builder().value(1).createdTimestampMillis(1000).build()).build(),
                GaugeSnapshot.builder().name("with_timestamp").dataPoint(
                        GaugeDataPointSnapshot.builder().value(1).scrapeTimestampMillis(1000).build()).build(),
                GaugeSnapshot.builder().name("dotted.name").dataPoint(gauge(1)).build(),
                GaugeSnapshot.builder().name("dotted_label").dataPoint(gauge(1, "a.b", "x")).build());
        for (MetricSnapshot snapshot : uncovered) {
            assertThat(MetricsTextWriter.covers(MetricSnapshots.of(snapshot)))
                    .as(snapshot.getMetadata().getName()).isFalse();
        }
    }

    @Test
    void aRegistryWithAHistogramIsWrittenByClientJava() throws IOException {
        VigilMetrics metrics = agentMetrics();
        Histogram.builder().name("host_request_seconds").help("a family the writer does not cover")
                .register(metrics.registry()).observe(0.2);
        MetricSnapshots snapshots = metrics.registry().scrape();
        assertThat(MetricsTextWriter.covers(snapshots)).isFalse();
        for (String accept : new String[] {null, OPEN_METRICS}) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            metrics.write(accept, Set.of("host_request_seconds"), body);
            assertThat(body.toString(StandardCharsets.UTF_8)).contains("host_request_seconds_bucket{le=\"0.25\"} 1");
        }
    }

    private static VigilMetrics agentMetrics() {
        SeriesStore store = new SeriesStore(16);
        GcProbe gc = new GcProbe();
        System.gc(); // a collection to read: it gives the after-GC families their labels
        gc.sample(store, System.currentTimeMillis());
        ProcessProbe process = new ProcessProbe();
        process.sample(store, System.currentTimeMillis());
        return new VigilMetrics(gc::afterGcByPool, List::of, () -> null, process::latest);
    }

    private static void assertSameAsClientJava(MetricSnapshots snapshots) throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(text, snapshots);
        assertThat(ours(snapshots, false)).isEqualTo(text.toString(StandardCharsets.UTF_8));
        ByteArrayOutputStream openMetrics = new ByteArrayOutputStream();
        OpenMetricsTextFormatWriter.create().write(openMetrics, snapshots);
        assertThat(ours(snapshots, true)).isEqualTo(openMetrics.toString(StandardCharsets.UTF_8));
    }

    private static String ours(MetricSnapshots snapshots, boolean openMetrics) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MetricsTextWriter.write(snapshots, openMetrics, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static GaugeDataPointSnapshot gauge(double value, String... labels) {
        return GaugeDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build();
    }

    private static CounterDataPointSnapshot counter(double value, String... labels) {
        return CounterDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build();
    }

    private static final String[] PIECES = {"a", "Z", " ", "\\", "\"", "\n", "\t", "ü", "☃", "\uD83D\uDE00", "{",
            "}", "=", ",", "#", "0.5"};

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int pieces = random.nextInt(6);
        for (int i = 0; i < pieces; i++) text.append(PIECES[random.nextInt(PIECES.length)]);
        return text.toString();
    }

    private static double randomValue(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> random.nextInt(20_000_000) - 10_000_000; // whole, around the 10^7 switch to exponents
            case 1 -> random.nextDouble() * Math.pow(10, random.nextInt(30) - 15);
            case 2 -> -random.nextDouble();
            case 3 -> random.nextLong();
            case 4 -> Double.longBitsToDouble(random.nextLong());
            default -> random.nextInt(100) / 8.0;
        };
    }
}
