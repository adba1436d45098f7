package dev.vigil.service.sample;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.service.InFlightGate;
import dev.vigil.service.Service;
import dev.vigil.service.ServiceContext;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A service that handles requests, for the jsvc and signal tests. Arguments: {@code <port file> <journal file>}.
 * {@code GET /work?id=N&ms=M} takes M ms. The journal gets "accepted N" when a request passes the gate and
 * "completed N" just before its 200 is written, so a test can prove that nothing admitted was lost.
 */
public final class SampleHttpService implements Service {
    private Path journal;
    private InFlightGate gate;

    @Override
    public void start(ServiceContext context) throws Exception {
        Path portFile = Path.of(context.arguments().get(0));
        journal = Path.of(context.arguments().get(1));
        gate = context.gate();
        long startMillis = Long.getLong("sample.start-millis", 0);
        if (startMillis > 0) {
            // a slow start: ask the manager for more time while it runs
            context.startProgress("warming caches", java.time.Duration.ofMillis(startMillis * 2));
            Thread.sleep(startMillis);
        }
        ExecutorService workers = Executors.newFixedThreadPool(32);
        context.open("workers", workers::shutdown);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.setExecutor(workers);
        server.createContext("/work", this::work);
        server.start();
        context.open("http", () -> server.stop(0));
        Files.writeString(portFile, String.valueOf(server.getAddress().getPort()));
    }

    private void work(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        String id = param(query, "id", "?");
        long ms = Long.parseLong(param(query, "ms", "0"));
        try (InFlightGate.Permit permit = gate.tryEnter()) {
            if (permit == null) {
                answer(exchange, 503, "stopping");
                return;
            }
            log("accepted " + id);
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            log("completed " + id);
            answer(exchange, 200, "done " + id);
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private synchronized void log(String line) throws IOException {
        Files.writeString(journal, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.SYNC);
    }

    private static String param(String query, String name, String fallback) {
        if (query == null) return fallback;
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) return pair.substring(name.length() + 1);
        }
        return fallback;
    }
}
