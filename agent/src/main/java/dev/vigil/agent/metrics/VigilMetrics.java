package dev.vigil.agent.metrics;

import dev.vigil.agent.probe.GcNotifications;
import dev.vigil.agent.probe.ProbeStatus;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The /metrics registry: client_java's standard JVM and process metrics (read at scrape time, no thread of their own)
 * plus Vigil's own, under {@code vigil_}. Uses a private registry so nothing collides with a host that runs
 * client_java itself.
 */
public final class VigilMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ExpositionFormatWriter prometheusText = PrometheusTextFormatWriter.create();
    private final ExpositionFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();

    public VigilMetrics(GcNotifications gc, Supplier<List<ProbeStatus>> probes) {
        JvmMetrics.builder().register(registry);

        GaugeWithCallback.builder()
                .name("vigil_jvm_memory_pool_after_gc_used_bytes")
                .unit(Unit.BYTES)
                .help("Used bytes of each memory pool right after the newest GC, from GC notifications "
                        + "(fresh after every collection, unlike jvm_memory_pool_collection_used_bytes under G1)")
                .labelNames("pool")
                .callback(cb -> gc.afterGcByPool().forEach((pool, after) -> cb.call(after.usedBytes(), pool)))
                .register(registry);

        CounterWithCallback.builder()
                .name("vigil_gc_pause_seconds_total")
                .help("Time spent in stop-the-world GC pauses, per collector, from GC notifications")
                .labelNames("gc")
                .callback(cb -> {
                    for (Map.Entry<String, GcNotifications.CollectorTotals> e : gc.byCollector().entrySet()) {
                        if (e.getValue().pauses()) cb.call(e.getValue().durationMillis() / 1000.0, e.getKey());
                    }
                })
                .register(registry);

        CounterWithCallback.builder()
                .name("vigil_probe_samples_total")
                .help("Successful samples taken by each Vigil probe")
                .labelNames("probe")
                .callback(cb -> probes.get().forEach(p -> cb.call(p.samples(), p.name())))
                .register(registry);

        CounterWithCallback.builder()
                .name("vigil_probe_failures_total")
                .help("Failed samples of each Vigil probe; the reason is on /debug/vars")
                .labelNames("probe")
                .callback(cb -> probes.get().forEach(p -> cb.call(p.failures(), p.name())))
                .register(registry);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** OpenMetrics when the scraper asks for it in Accept, Prometheus text 0.0.4 otherwise. */
    public String contentType(String acceptHeader) {
        return writerFor(acceptHeader).getContentType();
    }

    /**
     * @param names when not empty, only these metric families ({@code ?name[]=...}, as client_java's exporters do)
     */
    public void write(String acceptHeader, Set<String> names, OutputStream out) throws IOException {
        MetricSnapshots snapshots = names.isEmpty() ? registry.scrape() : registry.scrape(names::contains);
        writerFor(acceptHeader).write(out, snapshots);
    }

    private ExpositionFormatWriter writerFor(String acceptHeader) {
        return acceptHeader != null && openMetrics.accepts(acceptHeader) ? openMetrics : prometheusText;
    }
}
