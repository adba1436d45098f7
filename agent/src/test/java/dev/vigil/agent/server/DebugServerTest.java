package dev.vigil.agent.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(20));
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
                })
                .route("/io", "its own I/O fails", ex -> {
                    throw new IOException("/secret/path: no such file");
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
        HttpResponse<String> io = get("/io");
        assertThat(io.statusCode()).isEqualTo(500);
        assertThat(io.body()).isEqualTo("an I/O error while serving /io: IOException\n");
        assertThat(get("/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void aLazyEndpointIsBuiltOnceAtItsFirstRequestAndAFailedBuildAnswers503() throws Exception {
        AtomicInteger builds = new AtomicInteger();
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
    void theAcceptorAndTheWorkersAreDaemonsNamedVigil() throws Exception {
        server = new DebugServer(null).route("/x", "x", ex -> ex.sendText(200, "text/plain", "ok"));
        server.start("127.0.0.1", 0, 1);
        assertThat(get("/x").body()).isEqualTo("ok");
        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().startsWith("vigil-http-"))
                .extracting(Thread::getName).contains("vigil-http-acceptor-1", "vigil-http-1");
        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().startsWith("vigil-http-"))
                .allMatch(Thread::isDaemon);
    }

    @Test
    void aConnectionStaysOpenForTheNextRequestsAndAnswersPipelinedOnesInTurn() throws Exception {
        server = new DebugServer(null).route("/x", "x", ex -> ex.sendText(200, "text/plain", "ok " + ex.param("n")));
        server.start("127.0.0.1", 0, 1);
        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /x?n=1 HTTP/1.1\r\nHost: localhost\r\n\r\n");
            RawClient.Answer first = client.answer();
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.fields()).doesNotContainKey("connection");
            assertThat(first.body()).isEqualTo("ok 1");
            client.send("GET /x?n=2 HTTP/1.1\r\nHost: localhost\r\n\r\nGET /x?n=3 HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    + "HEAD /x?n=4 HTTP/1.1\r\nHost: localhost\r\n\r\nGET /x?n=5 HTTP/1.1\r\nConnection: close\r\n\r\n");
            assertThat(client.answer().body()).isEqualTo("ok 2");
            assertThat(client.answer().body()).isEqualTo("ok 3");
            RawClient.Answer head = client.answer(true);
            assertThat(head.fields()).containsEntry("content-length", "4");
            assertThat(head.body()).isEmpty();
            RawClient.Answer last = client.answer();
            assertThat(last.body()).isEqualTo("ok 5");
            assertThat(last.fields()).containsEntry("connection", "close");
            assertThat(client.ended()).as("the server ends the connection the client asked to end").isTrue();
        }
    }

    @Test
    void http10ClientsAndRequestsWithABodyGetTheirConnectionEnded() throws Exception {
        server = new DebugServer(null).route("/x", "x", ex -> ex.sendText(200, "text/plain", "ok"));
        server.start("127.0.0.1", 0, 1);
        for (String request : new String[] {"GET /x HTTP/1.0\r\n\r\n",
                "GET /x HTTP/1.1\r\nContent-Length: 5\r\n\r\nGET /", "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"}) {
            try (RawClient client = new RawClient(server.port())) {
                client.send(request);
                RawClient.Answer answer = client.answer();
                assertThat(answer.fields()).as(request).containsEntry("connection", "close");
                assertThat(client.ended()).as(request).isTrue();
            }
        }
    }

    @Test
    void aStreamIsChunkedAndTheConnectionServesTheNextRequest() throws Exception {
        byte[] payload = new byte[100_000];
        for (int i = 0; i < payload.length; i++) payload[i] = (byte) ('a' + i % 26);
        server = new DebugServer(null)
                .route("/stream", "s", ex -> {
                    try (var out = ex.startStream("text/plain", "s.txt")) {
                        for (byte b : Arrays.copyOf(payload, 10)) out.write(b);
                        out.write(payload, 10, payload.length - 10);
                    }
                })
                .route("/x", "x", ex -> ex.sendText(200, "text/plain", "ok"));
        server.start("127.0.0.1", 0, 1);
        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /stream HTTP/1.1\r\n\r\n");
            RawClient.Answer streamed = client.answer();
            assertThat(streamed.fields()).containsEntry("transfer-encoding", "chunked")
                    .containsEntry("content-disposition", "attachment; filename=\"s.txt\"");
            assertThat(streamed.body()).isEqualTo(new String(payload, StandardCharsets.US_ASCII));
            client.send("GET /x HTTP/1.1\r\n\r\n");
            assertThat(client.answer().body()).isEqualTo("ok");
        }
        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /stream HTTP/1.0\r\n\r\n");
            String raw = client.rest();
            assertThat(raw).contains("Connection: close").doesNotContainIgnoringCase("transfer-encoding")
                    .endsWith("\r\n\r\n" + new String(payload, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aStreamCutShortEndsTheConnectionWithoutTheLastChunk() throws Exception {
        server = new DebugServer(null).route("/cut", "c", ex -> {
            try (var out = ex.startStream("text/plain", null)) {
                out.write("half".getBytes(StandardCharsets.US_ASCII));
                throw new IllegalStateException("the source failed");
            }
        });
        server.start("127.0.0.1", 0, 1);
        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /cut HTTP/1.1\r\n\r\n");
            assertThat(client.rest()).endsWith("\r\n\r\n4\r\nhalf\r\n");
        }
    }

    @Test
    void unreadableRequestsGetASentenceAndTheirConnectionEnds() throws Exception {
        server = new DebugServer(null).withTimeouts(new HttpConnection.ConnectionTimeouts(2_000, 2_000, 300, 2_000))
                .route("/x", "x", ex -> ex.sendText(200, "text/plain", "ok"));
        server.start("127.0.0.1", 0, 1);
        String longField = "X-Long: " + "a".repeat(RequestHead.MAX_HEAD_BYTES) + "\r\n";
        Object[][] cases = {
                {"GARBAGE\r\n\r\n", 400, "the request line is not 'METHOD target HTTP/1.1'"},
                {"GET /x HTTP/2.0\r\n\r\n", 505, "HTTP/2.0 is not served here; use HTTP/1.1"},
                {"GET /x HTTP/1.1\r\n" + longField + "\r\n", 431, "the request head is longer than 16384 bytes"},
                {"GET /x HTTP/1.1\r\n folded: value\r\n\r\n", 400, "a header field is malformed"},
                {"GET /a b HTTP/1.1\r\n\r\n", 400, "the request line is not 'METHOD target HTTP/1.1'"},
                {"GET /%zz HTTP/1.1\r\n\r\n", 400, "the request target is not a path such as /metrics"},
                {"GET /x HTTP/1.1\r\nHost: a\r\n", 408, "the request head took too long to arrive"},
        };
        for (Object[] c : cases) {
            try (RawClient client = new RawClient(server.port())) {
                client.send((String) c[0]);
                RawClient.Answer answer = client.answer();
                assertThat(answer.status()).as((String) c[0]).isEqualTo(c[1]);
                assertThat(answer.body()).as((String) c[0]).isEqualTo(c[2] + "\n");
                assertThat(client.ended()).as((String) c[0]).isTrue();
            }
        }
        assertThat(get("/x").body()).as("the one worker is free again").isEqualTo("ok");
    }

    @Test
    void aSilentConnectionIsEndedAfterItsTimeout() throws Exception {
        server = new DebugServer(null).withTimeouts(new HttpConnection.ConnectionTimeouts(300, 300, 300, 2_000))
                .route("/x", "x", ex -> ex.sendText(200, "text/plain", "ok"));
        server.start("127.0.0.1", 0, 1);
        try (RawClient silent = new RawClient(server.port())) {
            assertThat(silent.ended()).isTrue();
        }
        try (RawClient idle = new RawClient(server.port())) {
            idle.send("GET /x HTTP/1.1\r\n\r\n");
            assertThat(idle.answer().body()).isEqualTo("ok");
            assertThat(idle.ended()).as("an idle kept-alive connection ends too").isTrue();
        }
    }

    @Test
    void anIdleKeptAliveConnectionGivesItsWorkerToANewOne() throws Exception {
        server = new DebugServer(null).route("/x", "x", ex -> ex.sendText(200, "text/plain", "ok"));
        server.start("127.0.0.1", 0, 1);
        try (RawClient kept = new RawClient(server.port())) {
            kept.send("GET /x HTTP/1.1\r\n\r\n");
            assertThat(kept.answer().body()).isEqualTo("ok");
            assertThat(get("/x").body()).as("served while the first connection is open").isEqualTo("ok");
            assertThat(kept.ended()).as("the idle connection was ended for it").isTrue();
        }
    }

    @Test
    void aClientThatStopsReadingLosesItsConnectionAndTheWorkerServesOthers() throws Exception {
        byte[] chunk = new byte[1 << 20];
        server = new DebugServer(null).withTimeouts(new HttpConnection.ConnectionTimeouts(2_000, 2_000, 2_000, 600))
                .route("/endless", "e", ex -> {
                    try (var out = ex.startStream("application/octet-stream", null)) {
                        for (int i = 0; i < 4_096; i++) out.write(chunk); // 4 GB: more than any socket buffer
                    }
                })
                .route("/x", "x", ex -> ex.sendText(200, "text/plain", "ok"));
        server.start("127.0.0.1", 0, 1);
        try (RawClient stalled = new RawClient(server.port())) {
            stalled.send("GET /endless HTTP/1.1\r\n\r\n"); // and never read
            assertThat(get("/x").body()).as("the one worker is freed by ending the stalled connection")
                    .isEqualTo("ok");
        }
    }

    @Test
    void aConnectionBeyondTheQueueIsToldTheServerIsBusy() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        server = new DebugServer(null).route("/block", "b", ex -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendText(200, "text/plain", "done");
        });
        server.start("127.0.0.1", 0, 1);
        List<RawClient> queued = new ArrayList<>();
        try (RawClient holder = new RawClient(server.port())) {
            holder.send("GET /block HTTP/1.1\r\n\r\n");
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue(); // the one worker is busy
            for (int i = 0; i < DebugServer.MAX_QUEUED_CONNECTIONS; i++) queued.add(new RawClient(server.port()));
            // each refused client sends its request at once, as clients do, and gets the 503 and then the end of the
            // connection (whether a request left unread turns the close into a reset: RefusedConnectionsTest)
            for (int i = 0; i < 8; i++) {
                try (RawClient refused = new RawClient(server.port())) {
                    refused.send("GET /block HTTP/1.1\r\nHost: x\r\n\r\n");
                    RawClient.Answer busy = refused.answer();
                    assertThat(busy.status()).isEqualTo(503);
                    assertThat(busy.body()).isEqualTo("the debug server is busy; try again shortly\n");
                    assertThat(refused.endedWithoutReset()).as("refused client %d: the answer ends with a clean end", i)
                            .isTrue();
                }
            }
            release.countDown();
            assertThat(holder.answer().body()).isEqualTo("done");
        } finally {
            release.countDown();
            for (RawClient c : queued) c.close();
        }
    }

    @Test
    void aLineBreakInAnAnswersHeaderFieldIsRefused() throws Exception {
        server = new DebugServer(null).route("/x", "x", ex -> {
            ex.setHeader("X-Name", "a\r\nSet-Cookie: b");
            ex.sendText(200, "text/plain", "ok");
        });
        server.start("127.0.0.1", 0, 1);
        HttpResponse<String> answer = get("/x");
        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(answer.headers().firstValue("Set-Cookie")).isEmpty();
    }
}
