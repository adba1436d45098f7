package dev.vigil.agent.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.BindException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DebugServerTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private DebugServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void routesParametersAndProblems() throws Exception {
        server = new DebugServer(null)
                .route("/seconds", "echo", ex -> ex.sendText(200, "text/plain",
                        Long.toString(ex.seconds(Duration.ofSeconds(30), Duration.ofSeconds(60)).toSeconds())))
                .route("/boom", "fails", ex -> {
                    throw new IllegalStateException("secret internals");
                });
        server.start("127.0.0.1", 0, 2);
        assertThat(get("/seconds").body()).isEqualTo("30");
        assertThat(get("/seconds?seconds=5").body()).isEqualTo("5");
        HttpResponse<String> tooLong = get("/seconds?seconds=61");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).isEqualTo("seconds must be a whole number from 1 to 60 (profile.max-duration), "
                + "not '61'\n");
        HttpResponse<String> boom = get("/boom");
        assertThat(boom.statusCode()).isEqualTo(500);
        assertThat(boom.body()).isEqualTo("internal error while serving /boom: IllegalStateException\n");
        assertThat(get("/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void aLazyEndpointIsBuiltOnceAtItsFirstRequestAndAFailedBuildAnswers503() throws Exception {
        java.util.concurrent.atomic.AtomicInteger builds = new java.util.concurrent.atomic.AtomicInteger();
        server = new DebugServer(null)
                .route("/lazy", "built late", new LazyEndpoint("lazy", () -> {
                    builds.incrementAndGet();
                    return ex -> ex.sendText(200, "text/plain", "built");
                }))
                .route("/broken", "cannot be built", new LazyEndpoint("Broken things", () -> {
                    throw new NoClassDefFoundError("some/Missing");
                }));
        server.start("127.0.0.1", 0, 2);
        assertThat(builds).as("nothing built before a request").hasValue(0);
        assertThat(get("/lazy").body()).isEqualTo("built");
        assertThat(get("/lazy").body()).isEqualTo("built");
        assertThat(builds).hasValue(1);
        HttpResponse<String> broken = get("/broken");
        assertThat(broken.statusCode()).isEqualTo(503);
        assertThat(broken.body()).startsWith("Broken things unavailable in this JVM: java.lang.NoClassDefFoundError");
        assertThat(get("/broken").statusCode()).isEqualTo(503);
    }

    @Test
    void tokenIsRequiredOnEveryPathWhenSet() throws Exception {
        server = new DebugServer("t0ken").route("/x", "x", ex -> ex.sendText(200, "text/plain", "ok"));
        server.start("127.0.0.1", 0, 1);
        assertThat(get("/x").statusCode()).isEqualTo(401);
        assertThat(get("/nope").statusCode()).as("unknown paths are not revealed without the token").isEqualTo(401);
        assertThat(get("/x", "Authorization", "Bearer t0ken").body()).isEqualTo("ok");
        assertThat(get("/x", "Authorization", "Basic t0ken").statusCode()).isEqualTo(401);
    }

    @Test
    void aTakenPortIsABindException() throws Exception {
        server = new DebugServer(null);
        server.start("127.0.0.1", 0, 1);
        DebugServer second = new DebugServer(null);
        assertThatThrownBy(() -> second.start("127.0.0.1", server.port(), 1)).isInstanceOf(BindException.class);
    }

    @Test
    void theDispatcherThreadIsADaemonNamedVigil() throws Exception {
        server = new DebugServer(null);
        server.start("127.0.0.1", 0, 1);
        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().equals("vigil-http-dispatcher"))
                .isNotEmpty().allMatch(Thread::isDaemon);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("HTTP-Dispatcher"));
    }

    @Test
    void everyAnswerEndsItsConnectionSoNagleCannotHoldTheBodyBack() throws Exception {
        server = new DebugServer(null)
                .route("/x", "x", ex -> ex.sendText(200, "text/plain", "ok"))
                .route("/stream", "s", ex -> {
                    try (var out = ex.startStream("text/plain", null)) {
                        out.write('s');
                    }
                });
        server.start("127.0.0.1", 0, 1);
        for (String path : new String[] {"/x", "/stream", "/missing"}) {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(5_000);
                socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                // readAllBytes returns only when the server closes; a kept-alive connection would time out here
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(answer).as(path).containsIgnoringCase("connection: close");
            }
        }
    }
}
