package dev.vigil.agent.leak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.core.config.ConfigLoader;
import dev.vigil.core.config.VigilConfig;
import dev.vigil.core.leak.LeakResource;
import dev.vigil.core.series.SeriesStore;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The monitor end to end on synthetic series and a simulated clock: a fast heap leak becomes a verdict, the verdict
 * change reaches a real webhook receiver, and /debug/leaks' JSON has the documented shape.
 */
class LeakMonitorTest {
    @Test
    void aFastHeapLeakIsReportedAndSentToTheWebhook() throws Exception {
        List<JsonNode> posts = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        receiver.createContext("/hook", exchange -> {
            posts.add(new ObjectMapper().readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        VigilConfig config = ConfigLoader.load(Map.of("leak.warm-up", "2m", "notify.webhook.url",
                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook", "rules.enabled", "false"), Map.of());
        assertThat(config.problems()).isEmpty();
        SeriesStore store = new SeriesStore(10_000);
        long[] clock = {System.currentTimeMillis()};
        LeakMonitor monitor = new LeakMonitor(() -> config, store, () -> clock[0]);
        try {
            Map<String, Object> before = LeakMonitor.beforeFirstEvaluation();
            assertThat(before).as("the document before a monitor exists has the shape of a fresh monitor's")
                    .isEqualTo(monitor.toMap());
            long maxHeap = Runtime.getRuntime().maxMemory();
            double live = maxHeap * 0.2;
            // after-GC usage of the old pool every 3 s, growing so the heap would be full in about 20 minutes
            double perStep = maxHeap * 0.8 / (20 * 20);
            for (int step = 0; step < 20 * 8; step++) {
                clock[0] += 3_000;
                live += perStep;
                double sawtooth = (step % 4) * perStep * 3; // promotion between collections
                store.record("pool.G1 Old Gen.after_gc_used_bytes", "bytes", clock[0], live + sawtooth);
                store.record("heap.used_bytes", "bytes", clock[0], live + sawtooth);
                monitor.round();
            }
            Map<String, Object> leaks = monitor.toMap();
            assertThat(leaks.get("status")).isEqualTo("leaking");
            @SuppressWarnings("unchecked")
            Map<String, Object> heap = ((List<Map<String, Object>>) leaks.get("findings")).get(0);
            assertThat(heap).containsKeys("resource", "status", "growth_per_minute", "unit", "confidence",
                    "first_detected", "projected_exhaustion", "evidence", "suspects");
            assertThat(heap.get("resource")).isEqualTo("heap");
            assertThat(heap.get("unit")).isEqualTo("bytes");
            assertThat(heap.get("projected_exhaustion")).isNotNull();
            await().until(() -> posts.stream().anyMatch(p -> p.at("/event/resource").asText().equals("heap")
                    && p.at("/event/status").asText().equals("leaking")));
            assertThat(posts.get(posts.size() - 1).path("title").asText()).contains("heap leaking");
        } finally {
            monitor.close();
            receiver.stop(0);
        }
    }

    @Test
    void warmUpCountsFromTheJvmStartWhenTheAgentStartsWithIt() {
        VigilConfig config = ConfigLoader.load(Map.of("leak.warm-up", "10m", "leak.startup-grace", "5m"), Map.of());
        var withJvm = LeakMonitor.settings(config, true);
        assertThat(withJvm.trend(LeakResource.HEAP).warmUpMillis()).isEqualTo(600_000);
        assertThat(withJvm.trend(LeakResource.THREADS).warmUpMillis()).isEqualTo(300_000);
        assertThat(withJvm.trend(LeakResource.DIRECT).warmUpMillis()).isEqualTo(300_000);
        assertThat(withJvm.trend(LeakResource.NATIVE).warmUpMillis()).as("native keeps the whole warm-up")
                .isEqualTo(600_000);

        VigilConfig longGrace = ConfigLoader.load(Map.of("leak.warm-up", "10m", "leak.startup-grace", "8m"), Map.of());
        assertThat(LeakMonitor.settings(longGrace, true).trend(LeakResource.CLASSES).warmUpMillis())
                .as("at least half the warm-up of data after the grace").isEqualTo(300_000);

        var attachedLater = LeakMonitor.settings(config, false);
        assertThat(attachedLater.trend(LeakResource.THREADS).warmUpMillis()).isEqualTo(600_000);
    }
}
