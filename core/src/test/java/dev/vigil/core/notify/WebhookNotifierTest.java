package dev.vigil.core.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Against a real HTTP server on loopback. */
class WebhookNotifierTest {
    private HttpServer receiver;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresToGo = new AtomicInteger();
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService executor;

    @BeforeEach
    void start() throws IOException {
        executor = Executors.newScheduledThreadPool(1);
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = failuresToGo.getAndDecrement() > 0 ? 503 : 200;
            if (status == 200) received.add(new ObjectMapper().readTree(body));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        executor.shutdownNow();
    }

    private WebhookNotifier notifier(URI url, WebhookFormat format) {
        return new WebhookNotifier(url, format, Duration.ofSeconds(2), 4, Duration.ofMillis(20), executor,
                logged::add);
    }

    private URI hook() {
        return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
    }

    @Test
    void deliversEachFormat() {
        Notification n = new Notification("heap is leaking", "+12 MB/min", Map.of("resource", "heap"));
        notifier(hook(), WebhookFormat.JSON).send(n);
        notifier(hook(), WebhookFormat.SLACK).send(n);
        notifier(hook(), WebhookFormat.WECOM).send(n);
        await().until(() -> received.size() == 3);
        assertThat(received).anySatisfy(j -> assertThat(j.at("/event/resource").asText()).isEqualTo("heap"))
                .anySatisfy(j -> assertThat(j.path("text").asText()).isEqualTo("heap is leaking\n+12 MB/min"))
                .anySatisfy(j -> {
                    assertThat(j.path("msgtype").asText()).isEqualTo("text");
                    assertThat(j.at("/text/content").asText()).startsWith("heap is leaking");
                });
    }

    @Test
    void retriesServerErrorsWithBackoff() {
        failuresToGo.set(2);
        WebhookNotifier notifier = notifier(hook(), WebhookFormat.JSON);
        notifier.send(new Notification("t", "x", Map.of()));
        await().until(() -> notifier.delivered() == 1);
        assertThat(notifier.failed()).isZero();
    }

    @Test
    void givesUpOnADeadReceiverWithOneLine() throws IOException {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        WebhookNotifier notifier = notifier(URI.create("http://127.0.0.1:" + deadPort + "/hook"), WebhookFormat.JSON);
        long before = System.nanoTime();
        notifier.send(new Notification("t", "x", Map.of()));
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(1));
        await().until(() -> notifier.failed() == 1);
        assertThat(logged).singleElement().asString().contains("not delivered after 4 attempt(s)");
    }

    @Test
    void formatNamesParse() {
        assertThat(WebhookFormat.parse(" Slack ")).isEqualTo(WebhookFormat.SLACK);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WebhookFormat.parse("teams"))
                .hasMessage("'teams' is not json, slack or wecom");
    }
}
