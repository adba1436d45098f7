package dev.vigil.agent.metrics;

import dev.vigil.agent.probe.GcProbe;
import dev.vigil.agent.probe.ProbeStatus;
import dev.vigil.agent.probe.ProcessProbe;
import dev.vigil.agent.probe.ProcessStats;
import dev.vigil.core.leak.LeakFinding;
import dev.vigil.core.leak.LeakReport;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The /metrics registry: client_java's standard JVM metrics (read at scrape time, no thread of their own; the ones
 * that stop the world per scrape are left out, see the constructor), the process metrics under client_java's names
 * from the process probe's newest reading, and Vigil's own, under {@code vigil_}. Uses a private registry so nothing
 * collides with a host that runs client_java itself. Written by {@link MetricsTextWriter}; client_java's writers
 * choose the format and write what that one does not cover.
 */
public final class VigilMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ExpositionFormatWriter prometheusText = PrometheusTextFormatWriter.create();
    private final ExpositionFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();

    /**
     * @param afterGcByPool per pool, the usage after the newest collection (the GC probe's, as of the last round)
     * @param leaks   the newest leak report, or null while leak detection is off or has not run
     * @param process the process probe's newest reading, which the process_* gauges show
     */
    public VigilMetrics(Supplier<Map<String, GcProbe.AfterGc>> afterGcByPool, Supplier<List<ProbeStatus>> probes,
                        Supplier<LeakReport> leaks, Supplier<ProcessProbe.Reading> process) {
        // client_java's JVM metrics, less three that cost the host on every scrape: JvmThreadsMetrics (thread states
        // and deadlock detection stop the world at each scrape; their counts are replaced below under the same
        // names), JvmMemoryPoolAllocationMetrics (a second GC listener and a scheduler thread beside ours) and
        // JvmNativeMemoryMetrics (a diagnostic command per scrape).
        JvmMemoryMetrics.builder().register(registry);
        JvmBufferPoolMetrics.builder().register(registry);
        JvmClassLoadingMetrics.builder().register(registry);
        JvmCompilationMetrics.builder().register(registry);
        JvmGarbageCollectorMetrics.builder().register(registry);
        JvmRuntimeInfoMetric.builder().register(registry);
        registerProcessMetrics(process);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
        GaugeWithCallback.builder().name("jvm_threads_current").help("Current thread count of a JVM")
                .callback(cb -> cb.call(threads.getThreadCount())).register(registry);
        GaugeWithCallback.builder().name("jvm_threads_daemon").help("Daemon thread count of a JVM")
                .callback(cb -> cb.call(threads.getDaemonThreadCount())).register(registry);
        GaugeWithCallback.builder().name("jvm_threads_peak").help("Peak thread count of a JVM")
                .callback(cb -> cb.call(threads.getPeakThreadCount())).register(registry);
        CounterWithCallback.builder().name("jvm_threads_started_total").help("Started thread count of a JVM")
                .callback(cb -> cb.call(threads.getTotalStartedThreadCount())).register(registry);

        GaugeWithCallback.builder()
                .name("vigil_jvm_memory_pool_after_gc_used_bytes")
                .unit(Unit.BYTES)
                .help("Used bytes of each memory pool right after the newest GC as of the last sampling round "
                        + "(fresh after young collections too, unlike jvm_memory_pool_collection_used_bytes under G1)")
                .labelNames("pool")
                .callback(cb -> afterGcByPool.get().forEach((pool, after) -> cb.call(after.usedBytes(), pool)))
                .register(registry);

        CounterWithCallback.builder()
                .name("vigil_gc_pause_seconds_total")
                .help("Time spent in stop-the-world GC pauses, per collector (the collectors whose time is pause, "
                        + "not a concurrent cycle's duration)")
                .labelNames("gc")
                .callback(cb -> {
                    for (GarbageCollectorMXBean c : collectors) {
                        long millis = c.getCollectionTime();
                        if (millis >= 0 && GcProbe.isPauseCollector(c.getName())) cb.call(millis / 1000.0, c.getName());
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

        GaugeWithCallback.builder()
                .name("vigil_leak_status")
                .help("Leak verdict per resource: 0 ok, 1 suspected, 2 leaking (details on /debug/leaks)")
                .labelNames("resource")
                .callback(cb -> forEachFinding(leaks, f -> cb.call(f.status().ordinal(), f.resource().id())))
                .register(registry);
        GaugeWithCallback.builder()
                .name("vigil_leak_growth_per_minute")
                .help("Fitted growth of each watched resource, in its unit per minute (robust Theil-Sen slope)")
                .labelNames("resource", "unit")
                .callback(cb -> forEachFinding(leaks, f -> cb.call(finite(f.growthPerMinute()), f.resource().id(),
                        f.unit().id())))
                .register(registry);
        GaugeWithCallback.builder()
                .name("vigil_leak_confidence")
                .help("Confidence that the resource grows (1 - one-sided Mann-Kendall p-value)")
                .labelNames("resource")
                .callback(cb -> forEachFinding(leaks, f -> cb.call(finite(f.confidence()), f.resource().id())))
                .register(registry);
        GaugeWithCallback.builder()
                .name("vigil_leak_projected_exhaustion_timestamp_seconds")
                .help("When the resource runs out at its current growth, for resources not ok that have a limit")
                .labelNames("resource")
                .callback(cb -> forEachFinding(leaks, f -> {
                    if (f.projectedExhaustionMillis() != null) {
                        cb.call(f.projectedExhaustionMillis() / 1000.0, f.resource().id());
                    }
                }))
                .register(registry);
    }

    /**
     * client_java's ProcessMetrics under the same names, but from the process probe's newest reading: theirs reads
     * /proc/self/status through a new BufferedReader at every scrape, a tenth of the scrape's CPU (issue 2).
     */
    private void registerProcessMetrics(Supplier<ProcessProbe.Reading> process) {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            CounterWithCallback.builder().name("process_cpu_seconds_total").help("Total user and system CPU time spent "
                    + "in seconds.").unit(Unit.SECONDS).callback(cb -> {
                        long nanos = sun.getProcessCpuTime(); // one cheap call: current rather than from the probe
                        if (nanos >= 0) cb.call(nanos / 1e9);
                    }).register(registry);
        }
        double startSeconds = ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0;
        GaugeWithCallback.builder().name("process_start_time_seconds").help("Start time of the process since unix "
                + "epoch in seconds.").unit(Unit.SECONDS).callback(cb -> cb.call(startSeconds)).register(registry);
        processGauge("process_open_fds", "Number of open file descriptors.", null, process, ProcessStats::openFds);
        processGauge("process_max_fds", "Maximum number of open file descriptors.", null, process,
                ProcessStats::maxFds);
        processGauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", Unit.BYTES, process,
                ProcessStats::virtualBytes);
        processGauge("process_resident_memory_bytes", "Resident memory size in bytes.", Unit.BYTES, process,
                ProcessStats::rssBytes);
    }

    private void processGauge(String name, String help, Unit unit, Supplier<ProcessProbe.Reading> process,
                              ToLongFunction<ProcessStats> reading) {
        GaugeWithCallback.Builder b = GaugeWithCallback.builder().name(name).help(help).callback(cb -> {
            long value = reading.applyAsLong(process.get().stats());
            if (value >= 0) cb.call(value); // -1: not available on this platform
        });
        if (unit != null) b.unit(unit);
        b.register(registry);
    }

    private static void forEachFinding(Supplier<LeakReport> leaks, java.util.function.Consumer<LeakFinding> action) {
        LeakReport report = leaks.get();
        if (report != null) report.findings().forEach(action);
    }

    private static double finite(double value) {
        return Double.isFinite(value) ? value : 0;
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /**
     * Writes OpenMetrics when the scraper asks for it in Accept, Prometheus text 0.0.4 otherwise.
     *
     * @param names when not empty, only these metric families ({@code ?name[]=...}, as client_java's exporters do)
     * @return the content type of what was written
     */
    public String write(String acceptHeader, Set<String> names, OutputStream out) throws IOException {
        MetricSnapshots snapshots = names.isEmpty() ? registry.scrape() : registry.scrape(names::contains);
        ExpositionFormatWriter format = writerFor(acceptHeader);
        if (MetricsTextWriter.covers(snapshots)) {
            MetricsTextWriter.write(snapshots, format == openMetrics, out);
        } else {
            format.write(out, snapshots);
        }
        return format.getContentType();
    }

    private ExpositionFormatWriter writerFor(String acceptHeader) {
        return acceptHeader != null && openMetrics.accepts(acceptHeader) ? openMetrics : prometheusText;
    }
}
