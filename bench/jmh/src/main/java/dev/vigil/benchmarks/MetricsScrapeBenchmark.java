package dev.vigil.benchmarks;

import dev.vigil.agent.metrics.VigilMetrics;
import dev.vigil.agent.probe.GcProbe;
import dev.vigil.agent.probe.ProcessProbe;
import dev.vigil.core.series.SeriesStore;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The body of one {@code /metrics} answer, in Prometheus text and in OpenMetrics, as the agent's endpoint builds it:
 * every registered family read and written (the server and the socket are not in it). Issue 2's scrape-latency
 * target is at stake: the agent answers a scrape on the host's CPU. The peer: the same registry read and written by
 * client_java's own writers, as its exporters do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MetricsScrapeBenchmark {
    private VigilMetrics metrics;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream(32 * 1024);
    private final PrometheusTextFormatWriter clientJavaText = PrometheusTextFormatWriter.create();
    private final OpenMetricsTextFormatWriter clientJavaOpenMetrics = OpenMetricsTextFormatWriter.create();

    @Setup
    public void register() {
        SeriesStore store = new SeriesStore(16);
        GcProbe gc = new GcProbe();
        System.gc(); // a collection to read: it gives the after-GC families their labels
        gc.sample(store, System.currentTimeMillis());
        ProcessProbe process = new ProcessProbe();
        process.sample(store, System.currentTimeMillis());
        metrics = new VigilMetrics(gc::afterGcByPool, List::of, () -> null, process::latest);
    }

    @Benchmark
    public int prometheusText() throws IOException {
        body.reset();
        metrics.write(null, Set.of(), body);
        return body.size();
    }

    @Benchmark
    public int openMetricsText() throws IOException {
        body.reset();
        metrics.write("application/openmetrics-text; version=1.0.0", Set.of(), body);
        return body.size();
    }

    @Benchmark
    public int prometheusTextByClientJava() throws IOException {
        body.reset();
        clientJavaText.write(body, metrics.registry().scrape());
        return body.size();
    }

    @Benchmark
    public int openMetricsTextByClientJava() throws IOException {
        body.reset();
        clientJavaOpenMetrics.write(body, metrics.registry().scrape());
        return body.size();
    }

    /** The reading alone (every callback, no writing): the rest of each score above is its writer's. */
    @Benchmark
    public MetricSnapshots scrapeOnly() {
        return metrics.registry().scrape();
    }
}
