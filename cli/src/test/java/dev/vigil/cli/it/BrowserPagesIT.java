package dev.vigil.cli.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages a person opens, read by a real browser: Debian's Chromium driven by playwright-core
 * (src/test/browser/render.mjs), with screenshots left in target/screenshots for a look.
 */
class BrowserPagesIT {
    private static final Path BROWSER_DIR = Path.of("src", "test", "browser");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static TargetJvm workload;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(SCREENSHOTS);
        workload = TargetJvm.startWorkloadWithAgent(TargetJvm.jdks().get(0), "port=0");
        String url = workload.awaitDebugUrl();
        base = url.substring(0, url.indexOf("/debug/pprof/"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (workload != null) workload.close();
    }

    static JsonNode render(String url, String screenshotName) throws Exception {
        if (!Files.isDirectory(BROWSER_DIR.resolve("node_modules/playwright-core"))) {
            throw new AssertionError("playwright-core is not installed in " + BROWSER_DIR.toAbsolutePath()
                    + " (scripts/test runs npm ci there)");
        }
        List<String> command = new ArrayList<>(List.of("node", BROWSER_DIR.resolve("render.mjs").toString(), url,
                SCREENSHOTS.resolve(screenshotName).toString()));
        ExternalTool.Result r = ExternalTool.run(command, "nodejs and chromium");
        assertThat(r.exitCode()).as(r.output()).isZero();
        String json = r.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow(() ->
                new AssertionError("no JSON from render.mjs:\n" + r.output()));
        assertThat(Files.size(SCREENSHOTS.resolve(screenshotName))).isGreaterThan(1000);
        return new ObjectMapper().readTree(json);
    }

    @Test
    void indexPageLinksEveryEndpoint() throws Exception {
        JsonNode page = render(base + "/debug/pprof/", "index.png");
        assertThat(page.path("httpStatus").asInt()).isEqualTo(200);
        assertThat(page.path("h1").get(0).asText()).isEqualTo("/debug/pprof/");
        List<String> links = new ArrayList<>();
        page.path("links").forEach(l -> links.add(l.asText()));
        assertThat(links).contains("/debug/pprof/profile", "/debug/pprof/heap", "/debug/pprof/goroutine",
                "/debug/vars", "/metrics", "/debug/leaks", "/debug/heapdump", "/debug/config");
    }

    @Test
    void leakReportPageShowsTheStatus() throws Exception {
        JsonNode page = render(base + "/debug/leaks?format=html", "leaks.png");
        assertThat(page.path("httpStatus").asInt()).isEqualTo(200);
        assertThat(page.path("status").asText()).isIn("ok", "suspected", "leaking");
        assertThat(page.path("h1").get(0).asText()).startsWith("Leak status: ");
        assertThat(page.path("text").asText()).contains("Healthy");
    }

    @Test
    void heapAnalysisReportIsOneReadableFile() throws Exception {
        Path dump = new DebugClient(base + "/debug/pprof/").download("/debug/heapdump", ".hprof.gz");
        Path report = Files.createTempFile("vigil-report-", ".html");
        ExternalTool.Result r = ExternalTool.run(List.of("sh", "-c", TargetJvm.java(TargetJvm.jdks().get(0))
                + " -jar " + TargetJvm.VIGIL_JAR + " analyze " + dump + " --format html > " + report), "a JDK");
        assertThat(r.exitCode()).as(r.output()).isZero();
        JsonNode page = render(report.toUri().toString(), "heap-analysis.png");
        assertThat(page.path("h1").get(0).asText()).startsWith("Heap analysis of ");
        List<String> headings = new ArrayList<>();
        page.path("h2").forEach(h -> headings.add(h.asText()));
        assertThat(headings).startsWith("Leak suspects").contains("Class histogram");
        assertThat(page.path("text").asText()).contains("byte[]");
    }
}
