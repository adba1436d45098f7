package dev.vigil.cli.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts the workload with {@code -javaagent:vigil.jar} on every JDK under test and reads each endpoint with the tool
 * a user would: {@code go tool pprof} for profiles, {@code promtool} and Prometheus for metrics, a JSON parser for
 * vars, the JDK's JFR parser for traces.
 */
class AgentEndpointsIT {
    private static final Map<Path, TargetJvm> RUNNING = new ConcurrentHashMap<>();
    private static final Map<Path, DebugClient> CLIENTS = new ConcurrentHashMap<>();

    static List<Path> jdks() {
        return TargetJvm.jdks();
    }

    private static DebugClient client(Path jdk) throws Exception {
        DebugClient existing = CLIENTS.get(jdk);
        if (existing != null) return existing;
        TargetJvm jvm = TargetJvm.startWorkloadWithAgent(jdk, "port=0");
        RUNNING.put(jdk, jvm);
        String url = jvm.awaitDebugUrl();
        jvm.awaitOutput("workload ready", java.time.Duration.ofSeconds(30));
        DebugClient client = new DebugClient(url);
        CLIENTS.put(jdk, client);
        return client;
    }

    /** After-GC usage is that of the newest sampling round (every 3 s): waits for a round that followed a GC. */
    private static void awaitAfterGcReading(DebugClient client) {
        await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> client.get("/debug/vars").body().contains("\"after_gc_used_bytes\""));
    }

    @AfterAll
    static void stopAll() throws InterruptedException {
        for (TargetJvm jvm : RUNNING.values()) jvm.close();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void cpuProfileShowsTheBusyMethod(Path jdk) throws Exception {
        Path profile = client(jdk).download("/debug/pprof/profile?seconds=2", ".pb.gz");
        String top = ExternalTool.pprof(profile, "-top");
        assertThat(top).contains("Type: cpu").contains("dev.vigil.cli.it.Workload.vigilWorkloadCpuBurner");
        assertThat(ExternalTool.pprof(profile, "-traces"))
                .contains("dev.vigil.cli.it.Workload.vigilWorkloadCpuBurner").contains("Workload.main");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void allocationProfileShowsTheAllocator(Path jdk) throws Exception {
        Path profile = client(jdk).download("/debug/pprof/allocs?seconds=3", ".pb.gz");
        assertThat(ExternalTool.pprof(profile, "-top", "-sample_index=alloc_space"))
                .contains("Type: alloc_space").contains("Workload.vigilWorkloadAllocator");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void heapProfileShowsSurvivorsWithTheirAllocationStack(Path jdk) throws Exception {
        Path profile = client(jdk).download("/debug/pprof/heap?seconds=4", ".pb.gz");
        assertThat(ExternalTool.pprof(profile, "-traces")).contains("Workload.vigilWorkloadAllocator");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void goroutineProfileAndTextDumps(Path jdk) throws Exception {
        DebugClient client = client(jdk);
        Path profile = client.download("/debug/pprof/goroutine", ".pb.gz");
        assertThat(ExternalTool.pprof(profile, "-traces")).contains("Workload.vigilWorkloadParker");
        HttpResponse<String> grouped = client.get("/debug/pprof/goroutine?debug=1");
        assertThat(grouped.statusCode()).isEqualTo(200);
        assertThat(grouped.body()).contains("vigilWorkloadContender");
        HttpResponse<String> full = client.get("/debug/pprof/goroutine?debug=2");
        assertThat(full.body()).contains("\"vigil-it-contender-a\"").contains("\"vigil-it-parker\"")
                .contains("TIMED_WAITING");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void blockAndMutexProfilesShowTheWaiters(Path jdk) throws Exception {
        DebugClient client = client(jdk);
        Path block = client.download("/debug/pprof/block?seconds=2", ".pb.gz");
        assertThat(ExternalTool.pprof(block, "-traces")).contains("Workload.vigilWorkloadParker");
        Path mutex = client.download("/debug/pprof/mutex?seconds=2", ".pb.gz");
        assertThat(ExternalTool.pprof(mutex, "-top")).contains("Workload.vigilWorkloadContender");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void traceIsAJfrRecording(Path jdk) throws Exception {
        Path jfr = client(jdk).download("/debug/pprof/trace?seconds=1", ".jfr");
        assertThat(Files.readAllBytes(jfr)).startsWith('F', 'L', 'R', 0);
        List<RecordedEvent> events = RecordingFile.readAllEvents(jfr);
        assertThat(events).isNotEmpty();
        assertThat(events).anyMatch(e -> e.getEventType().getName().equals("jdk.ExecutionSample"));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void varsHaveTheDocumentedKeys(Path jdk) throws Exception {
        awaitAfterGcReading(client(jdk));
        HttpResponse<String> r = client(jdk).get("/debug/vars");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/json"));
        JsonNode vars = new ObjectMapper().readTree(r.body());
        assertThat(vars.path("cmdline").toString()).contains("-javaagent:");
        JsonNode mem = vars.path("memstats");
        for (String path : List.of("/heap/used_bytes", "/heap/committed_bytes", "/heap/max_bytes",
                "/nonheap/used_bytes", "/gc/count_total", "/gc/pause_total_millis", "/threads/live",
                "/threads/daemon", "/threads/peak", "/threads/started_total", "/classes/loaded",
                "/classes/unloaded_total", "/buffer_pools/direct/used_bytes", "/buffer_pools/mapped/count",
                "/cpu/available_processors", "/cpu/process_cpu_seconds_total", "/process/rss_bytes",
                "/process/open_fds", "/process/max_fds", "/process/page_faults_minor_total", "/process/pid")) {
            assertThat(mem.at(path).isNumber()).as("memstats%s in %s", path, mem).isTrue();
        }
        assertThat(mem.at("/process/pid").asLong()).isEqualTo(RUNNING.get(jdk).pid());
        assertThat(mem.path("pools").properties()).anySatisfy(pool ->
                assertThat(pool.getValue().path("after_gc_used_bytes").isNumber()).isTrue());
        assertThat(mem.at("/gc/collectors").size()).isGreaterThan(0);
        JsonNode probes = vars.at("/vigil/probes");
        assertThat(probes.size()).isGreaterThanOrEqualTo(5);
        probes.properties().forEach(p -> assertThat(p.getValue().path("status").asText()).as(p.getKey())
                .isEqualTo("ok"));
        assertThat(vars.at("/vigil/config/port").asText()).isEqualTo("0");
        // the runtime is defined by the agent's own class loader, and what the host published still reaches it
        assertThat(vars.at("/vigil/class_loader").asText()).isEqualTo("vigil");
        assertThat(vars.path("workload_answer").asInt()).isEqualTo(42);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void metricsPassPromtoolAndUseClientJavaNames(Path jdk) throws Exception {
        DebugClient client = client(jdk);
        awaitAfterGcReading(client);
        HttpResponse<String> r = client.get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        assertThat(r.body()).contains("jvm_memory_used_bytes{area=\"heap\"}", "jvm_threads_current",
                "jvm_gc_collection_seconds_count", "process_cpu_seconds_total", "jvm_buffer_pool_used_bytes",
                "vigil_jvm_memory_pool_after_gc_used_bytes{pool=", "vigil_probe_failures_total{probe=\"memory\"} 0");
        Path metrics = Files.createTempFile("vigil-metrics-", ".txt");
        Files.writeString(metrics, r.body());
        ExternalTool.Result check = ExternalTool.run(List.of("sh", "-c", "promtool check metrics < " + metrics),
                "prometheus");
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).isBlank();

        HttpResponse<String> om = client.get("/metrics", "Accept", "application/openmetrics-text; version=1.0.0");
        assertThat(om.headers().firstValue("Content-Type").orElse("")).startsWith("application/openmetrics-text");
        assertThat(om.body()).endsWith("# EOF\n");
        HttpResponse<String> one = client.get("/metrics?name[]=jvm_threads_current");
        assertThat(one.body()).contains("jvm_threads_current").doesNotContain("jvm_memory_used_bytes");
    }

    /** Prometheus itself asks for OpenMetrics first: its parser, stricter than promtool's, reads what we write. */
    @ParameterizedTest
    @MethodSource("jdks")
    void prometheusScrapesTheAgentInOpenMetrics(Path jdk) throws Exception {
        DebugClient client = client(jdk);
        awaitAfterGcReading(client);
        try (PrometheusServer prometheus = PrometheusServer.scraping(client.authority(), "/metrics")) {
            await().atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(prometheus.query("up").toString())
                            .as("up; the target's last error: %s", prometheus.lastError()).contains("\"1\"]"));
            assertThat(prometheus.lastError()).isEmpty();
            assertThat(prometheus.query("scrape_samples_scraped").get(0).path("value").get(1).asDouble())
                    .isGreaterThan(100);
            assertThat(prometheus.query("jvm_memory_used_bytes{area=\"heap\"} > 0")).hasSize(1);
            assertThat(prometheus.query("jvm_gc_collection_seconds_count")).isNotEmpty();
            assertThat(prometheus.query("vigil_probe_failures_total{probe=\"memory\"} == 0")).hasSize(1);
            assertThat(prometheus.query("jvm_runtime_info").get(0).path("metric").path("version").asText())
                    .isNotEmpty();
            // units and the info type exist only in OpenMetrics: proof that Prometheus read that format
            JsonNode heap = prometheus.targetMetadata("jvm_memory_used_bytes").get(0);
            assertThat(heap.path("unit").asText()).isEqualTo("bytes");
            assertThat(prometheus.targetMetadata("jvm_runtime").get(0).path("type").asText()).isEqualTo("info");
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void heapDumpIsAGzippedHprof(Path jdk) throws Exception {
        HttpResponse<byte[]> r = client(jdk).getBytes("/debug/heapdump");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Disposition").orElse("")).contains(".hprof.gz");
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
            byte[] header = in.readNBytes(18);
            assertThat(new String(header, StandardCharsets.US_ASCII)).isEqualTo("JAVA PROFILE 1.0.2");
        }
        assertThat(r.body().length).isGreaterThan(100_000);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void badRequestsGetASentenceNotAStackTrace(Path jdk) throws Exception {
        DebugClient client = client(jdk);
        assertProblem(client.get("/debug/pprof/profile?seconds=abc"), 400, "seconds must be a whole number");
        assertProblem(client.get("/debug/pprof/profile?seconds=0"), 400, "from 1 to 300");
        assertProblem(client.get("/debug/pprof/profile?seconds=100000"), 400, "profile.max-duration");
        assertProblem(client.get("/debug/pprof/goroutine?debug=7"), 400, "debug must be");
        assertProblem(client.get("/debug/nothing-here"), 404, "no such endpoint: /debug/nothing-here");
        assertProblem(client.send("POST", "/debug/vars"), 405, "POST is not allowed");
        assertProblem(client.send("DELETE", "/debug/heapdump"), 405, "DELETE is not allowed");
        HttpResponse<String> index = client.get("/debug/pprof/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).contains("/debug/pprof/profile", "/debug/vars", "/metrics", "/debug/heapdump");
    }

    static void assertProblem(HttpResponse<String> r, int status, String sentence) {
        assertThat(r.statusCode()).as(r.uri() + " " + r.body()).isEqualTo(status);
        assertThat(r.body()).contains(sentence).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
