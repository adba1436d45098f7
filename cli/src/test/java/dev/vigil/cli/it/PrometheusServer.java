package dev.vigil.cli.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's {@code prometheus}) scraping one target every second, asked through its HTTP
 * API. It negotiates OpenMetrics first, as every Prometheus 2.x does, so it reads the format promtool does not check.
 */
final class PrometheusServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Process process;
    private final Path dir;
    private final String api;

    private PrometheusServer(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.api = "http://127.0.0.1:" + port + "/api/v1/";
    }

    /** @param target host:port; @param metricsPath e.g. /metrics; the job is called "vigil" */
    static PrometheusServer scraping(String target, String metricsPath) throws IOException {
        if (!ExternalTool.onPath("prometheus")) {
            throw new AssertionError("prometheus is not on PATH; install the Debian package prometheus "
                    + "(scripts/test does)");
        }
        Path dir = Files.createTempDirectory("vigil-prometheus-");
        Files.writeString(dir.resolve("prometheus.yml"), "global: {scrape_interval: 1s, scrape_timeout: 1s}\n"
                + "scrape_configs:\n"
                + "  - {job_name: vigil, metrics_path: \"" + metricsPath + "\", static_configs: [{targets: [\""
                + target + "\"]}]}\n");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Process process = new ProcessBuilder("prometheus", "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        return new PrometheusServer(process, dir, port);
    }

    /** The result vector of an instant query, or an empty array while Prometheus is not up yet. */
    JsonNode query(String promql) throws InterruptedException {
        JsonNode answer = get("query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        return answer.path("data").path("result");
    }

    /** What the target said about its families (type, help, unit), from Prometheus' metadata API. */
    JsonNode targetMetadata(String metric) throws InterruptedException {
        return get("targets/metadata?metric=" + URLEncoder.encode(metric, StandardCharsets.UTF_8)).path("data");
    }

    /** The scrape error Prometheus reports for the target, or "" (for failure messages). */
    String lastError() throws InterruptedException {
        JsonNode targets = get("targets").path("data").path("activeTargets");
        return targets.isEmpty() ? "no target yet" : targets.get(0).path("lastError").asText();
    }

    private JsonNode get(String pathAndQuery) throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + pathAndQuery))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (IOException notUpYet) {
            return JSON.createObjectNode();
        }
    }

    @Override
    public void close() throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
