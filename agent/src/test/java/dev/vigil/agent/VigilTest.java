package dev.vigil.agent;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Vigil from code: start, publish, a second start finds the first, the config file reloads, close stops it all. */
class VigilTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(Vigil vigil, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + vigil.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void startPublishReloadAndClose() throws Exception {
        Path config = Files.createTempFile("vigil-test-", ".yaml");
        Files.writeString(config, "profile:\n  max-duration: 7s\n");
        Vigil vigil = Vigil.start(Map.of("port", "0", "config", config.toString()));
        try {
            assertThat(vigil.url()).hasValueSatisfying(u -> assertThat(u).endsWith("/debug/pprof/"));
            assertThat(Vigil.start(Map.of("port", "1"))).isSameAs(vigil);
            Vigil.publish("answer", () -> 42);
            assertThat(get(vigil, "/debug/vars").body()).contains("\"answer\" : 42");
            assertThat(get(vigil, "/debug/pprof/profile?seconds=8").statusCode()).isEqualTo(400);

            Path edited = Files.createTempFile(config.getParent(), "vigil-edit-", ".yaml");
            Files.writeString(edited, "profile:\n  max-duration: 20s\n");
            Files.move(edited, config, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE); // how editors save
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    get(vigil, "/debug/config").body().contains("\"20s\""));
            assertThat(get(vigil, "/debug/pprof/goroutine?debug=1").statusCode()).isEqualTo(200);
            HttpResponse<String> leaks = get(vigil, "/debug/leaks");
            assertThat(leaks.statusCode()).isEqualTo(200);
            assertThat(leaks.body()).contains("\"status\" : \"ok\"");
            // the leak monitor is built at its first evaluation, one evaluation interval after the start
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    !get(vigil, "/debug/leaks").body().contains("\"evaluated_at\" : null"));
            assertThat(get(vigil, "/health/live").statusCode()).isEqualTo(200);
        } finally {
            Vigil.unpublish("answer");
            vigil.close();
        }
        assertThat(Vigil.current()).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("vigil-sampler") || t.getName().startsWith("vigil-leak")
                        || t.getName().startsWith("vigil-http") || t.getName().startsWith("vigil-config")));
    }
}
