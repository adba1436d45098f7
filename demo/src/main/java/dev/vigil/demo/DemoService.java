package dev.vigil.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A small HTTP service under healthy background load, with one leak: {@code /proxy?host=H} keeps a
 * {@link HostClient} per host forever. The load sends a new host now and then, so the service leaks slowly
 * ({@code leak.bytesPerSecond}) under plenty of short-lived garbage.
 *
 * <p>Usage: {@code DemoService [port] [leakBytesPerSecond]}; port 0 picks a free one. Prints
 * {@code demo service on http://127.0.0.1:PORT/} when it serves.
 */
public final class DemoService {
    private final HttpServer server;
    private final long leakBytesPerSecond;

    private DemoService(int port, long leakBytesPerSecond) throws IOException {
        this.leakBytesPerSecond = leakBytesPerSecond;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "demo-http");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        long leak = args.length > 1 ? Long.parseLong(args[1]) : 256 * 1024;
        DemoService demo = new DemoService(port, leak);
        demo.server.start();
        int bound = demo.server.getAddress().getPort();
        System.out.println("demo service on http://127.0.0.1:" + bound + "/");
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> demo.server.stop(1), "demo-stop"));
        demo.generateLoad(bound);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getQuery();
        String body;
        int status = 200;
        if (path.equals("/proxy") && query != null && query.startsWith("host=")) {
            HostClient client = HostClientRegistry.clientFor(query.substring(5), clientBufferBytes());
            body = "{\"bytes\":" + client.call(path) + "}";
        } else if (path.equals("/orders")) {
            body = renderOrders();
        } else if (path.equals("/")) {
            body = "{\"clients\":" + HostClientRegistry.size() + "}";
        } else {
            status = 404;
            body = "{\"error\":\"no such path\"}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Healthy work: builds a few hundred short-lived objects per request. */
    static String renderOrders() {
        List<String> lines = new ArrayList<>();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 200; i++) {
            lines.add("{\"id\":" + random.nextInt(1_000_000) + ",\"total\":" + random.nextDouble(1000) + "}");
        }
        return "[" + String.join(",", lines) + "]";
    }

    private int clientBufferBytes() {
        return 16 * 1024;
    }

    /** Healthy requests all the time, and a request for a never-seen host often enough to leak at the set rate. */
    private void generateLoad(int port) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long newHostsPerSecond = Math.max(1, leakBytesPerSecond / (clientBufferBytes() + 512));
        long hostCounter = 0;
        long nextLeakNanos = System.nanoTime();
        long leakIntervalNanos = TimeUnit.SECONDS.toNanos(1) / newHostsPerSecond;
        while (!Thread.currentThread().isInterrupted()) {
            send(http, port, "/orders");
            send(http, port, "/proxy?host=api-" + ThreadLocalRandom.current().nextInt(20) + ".example");
            while (leakBytesPerSecond > 0 && System.nanoTime() >= nextLeakNanos) {
                send(http, port, "/proxy?host=tenant-" + (hostCounter++) + ".example");
                nextLeakNanos += leakIntervalNanos;
            }
            Thread.sleep(5);
        }
    }

    private static void send(HttpClient http, int port, String pathAndQuery) {
        try {
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // the service is stopping; the next round will tell
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
