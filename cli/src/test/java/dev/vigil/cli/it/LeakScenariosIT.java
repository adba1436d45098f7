package dev.vigil.cli.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quick subset of the leak-detection quality suite (issue 4; the whole suite is {@code bench/leak-scenarios/run.sh}):
 * two scenarios of {@code dev.vigil.demo.scenarios.Scenario} in parallel real JVMs on the first JDK under test, each
 * with the agent inside. {@code static-map} leaks {@code OrderCache} entries fast enough to exhaust its 256 MB heap in
 * 10 minutes. {@code bounded-cache} runs in a 128 MB heap, fills its 20,000-entry LRU (~45 MB) in about 45 s
 * ({@code speed=8}) and plateaus, with 32 MB/s of response garbage ({@code churn=32}): the garbage gives its post-GC
 * heap series the 20 points a verdict needs within the shortened warm-up, and the small heap makes G1 start mixed
 * collections early, so entries evicted into the old generation are collected before the verdict instead of looking
 * like growth.
 *
 * <p>Agent settings are shortened so the class takes under 4 minutes: {@code leak.warm-up=2m} (default 10m) and
 * {@code leak.histogram.interval=15s} (default 1m); everything else is the default. The leak must be flagged as
 * {@code heap} with an {@code OrderCache} class among the suspects within 3.5 minutes; the healthy service must
 * answer {@code ok} with no findings on every poll until then, and its heap must have been judged (past warm-up).
 */
class LeakScenariosIT {
    static final String MAIN = "dev.vigil.demo.scenarios.Scenario";
    static final String AGENT_OPTIONS = "port=0,leak.warm-up=2m,leak.histogram.interval=15s";
    static final Duration LEAK_DEADLINE = Duration.ofSeconds(210);
    private final ObjectMapper json = new ObjectMapper();

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void staticMapLeakIsFlaggedAsHeapNamingOrderCacheWhileTheBoundedCacheStaysOk() throws Exception {
        Path jdk = TargetJvm.jdks().get(0);
        String agent = "-javaagent:" + TargetJvm.VIGIL_JAR + "=" + AGENT_OPTIONS;
        long started = System.nanoTime();
        try (TargetJvm leak = TargetJvm.start(jdk, List.of("-XX:+UseG1GC", "-Xmx256m", agent), MAIN, "static-map",
                "exhaustion=10m", "duration=5m");
             TargetJvm healthy = TargetJvm.start(jdk, List.of("-XX:+UseG1GC", "-Xmx128m", agent), MAIN,
                     "bounded-cache", "speed=8", "churn=32", "duration=5m")) {
            DebugClient leakClient = new DebugClient(leak.awaitDebugUrl());
            DebugClient healthyClient = new DebugClient(healthy.awaitDebugUrl());
            leak.awaitOutput("SCENARIO name=static-map", Duration.ofSeconds(30));
            healthy.awaitOutput("SCENARIO name=bounded-cache", Duration.ofSeconds(30));

            JsonNode heapFinding = null;
            JsonNode healthyDoc = null;
            Map<String, String> healthyAlarms = new LinkedHashMap<>(); // resource -> first time and evidence reason
            while (System.nanoTime() - started < LEAK_DEADLINE.toNanos()) {
                healthyDoc = leaks(healthyClient);
                for (JsonNode f : healthyDoc.path("findings")) {
                    healthyAlarms.putIfAbsent(f.path("resource").asText(), String.format("%s at %.1f min: %s",
                            f.path("status").asText(), (System.nanoTime() - started) / 6e10,
                            f.path("evidence").path("reason").asText()));
                }
                if (heapFinding == null) {
                    JsonNode heap = finding(leaks(leakClient), "heap");
                    if (heap != null && namesSuspect(heap, "OrderCache")) heapFinding = heap;
                }
                String healthyHeap = okReason(healthyDoc, "heap");
                if (heapFinding != null && healthyHeap != null && !healthyHeap.contains("warming up")) break;
                Thread.sleep(5_000);
            }
            healthyDoc = leaks(healthyClient);
            String leakDoc = leaks(leakClient).toPrettyString();
            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(heapFinding)
                    .as("static-map: heap finding with an OrderCache suspect within %s; last /debug/leaks:%n%s",
                            LEAK_DEADLINE, leakDoc)
                    .isNotNull();
            if (heapFinding != null) {
                soft.assertThat(heapFinding.path("status").asText()).as("%s", heapFinding).isIn("suspected", "leaking");
                soft.assertThat(heapFinding.path("evidence").path("reason").asText()).as("%s", heapFinding)
                        .contains("Heap live set");
            }
            soft.assertThat(healthyAlarms).as("bounded-cache raised findings").isEmpty();
            soft.assertThat(healthyDoc.path("status").asText()).as("bounded-cache status").isEqualTo("ok");
            soft.assertThat(healthyDoc.path("findings")).as("bounded-cache findings").isEmpty();
            soft.assertThat(okReason(healthyDoc, "heap"))
                    .as("bounded-cache heap must have been judged, not still warming up")
                    .isNotNull().doesNotContain("warming up");
            soft.assertAll();
            assertThat(healthy.isAlive()).isTrue();
        }
    }

    private JsonNode leaks(DebugClient client) throws Exception {
        HttpResponse<String> r = client.get("/debug/leaks");
        assertThat(r.statusCode()).as("/debug/leaks: %s", r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    private static JsonNode finding(JsonNode doc, String resource) {
        for (JsonNode f : doc.path("findings")) if (f.path("resource").asText().equals(resource)) return f;
        return null;
    }

    private static boolean namesSuspect(JsonNode finding, String simpleName) {
        for (JsonNode s : finding.path("suspects")) {
            if (s.path("class").asText().contains("dev.vigil.demo.scenarios." + simpleName)) return true;
        }
        return false;
    }

    private static String okReason(JsonNode doc, String resource) {
        for (JsonNode ok : doc.path("ok")) if (ok.path("resource").asText().equals(resource)) return ok.path("reason").asText();
        return null;
    }
}
