package dev.vigil.agent.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.agent.AgentLog;
import dev.vigil.agent.DaemonThreads;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The debug HTTP server, on the JDK's own {@code com.sun.net.httpserver} so the agent brings no server library into
 * the host. One handler routes exact paths; unknown paths, wrong methods and bad parameters get a 4xx and a sentence;
 * failures inside an endpoint get a 500 and a sentence, never a stack trace.
 */
public final class DebugServer implements AutoCloseable {
    /** Requests waiting for a worker beyond this are refused by the JDK server (connection closed). */
    static final int MAX_QUEUED_REQUESTS = 64;
    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD");

    public record Route(String path, String description, Endpoint endpoint) {
    }

    private final Map<String, Route> routes = new LinkedHashMap<>();
    private final byte[] tokenBytes;
    private HttpServer server;
    private ThreadPoolExecutor workers;

    /** @param authToken when not null, every request must send {@code Authorization: Bearer <token>} */
    public DebugServer(String authToken) {
        this.tokenBytes = authToken == null ? null : authToken.getBytes(StandardCharsets.UTF_8);
    }

    public DebugServer route(String path, String description, Endpoint endpoint) {
        routes.put(path, new Route(path, description, endpoint));
        return this;
    }

    public Map<String, Route> routes() {
        return Collections.unmodifiableMap(routes);
    }

    /**
     * Binds and starts serving.
     *
     * @param workerThreads requests served at once (long profiles hold one each)
     * @throws IOException when the address cannot be bound, e.g. the port is taken
     */
    public synchronized void start(String host, int port, int workerThreads) throws IOException {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(host), port);
        HttpServer created = HttpServer.create(address, 32);
        // Workers are started by the first requests and then stay, parked while idle. With an idle timeout they
        // would churn: the pool starts a new worker for every task while it has fewer than workerThreads, so
        // scrapes spaced as Prometheus spaces them (15 s, five workers, a 60 s timeout) each started a thread.
        workers = new ThreadPoolExecutor(workerThreads, workerThreads, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(MAX_QUEUED_REQUESTS), new DaemonThreads("http"));
        created.setExecutor(workers);
        created.createContext("/", this::dispatch);
        startOnDaemonThread(created);
        server = created;
    }

    /**
     * The JDK server's dispatcher thread takes its daemon flag from the thread that starts it. Started from premain
     * (the host's main thread) it would not be a daemon and would keep the host alive after its main returns, so a
     * daemon thread of ours starts it; the new thread is then renamed to show whose it is.
     */
    private static void startOnDaemonThread(HttpServer created) {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        Thread starter = new DaemonThreads("http-start").newThread(created::start);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!before.contains(t) && t.getName().startsWith("HTTP-Dispatcher")) {
                t.setName("vigil-http-dispatcher");
            }
        }
    }

    /** The bound port (useful with port 0), or -1 when not running. */
    public synchronized int port() {
        return server == null ? -1 : server.getAddress().getPort();
    }

    public synchronized String host() {
        return server == null ? null : server.getAddress().getAddress().getHostAddress();
    }

    private void dispatch(HttpExchange raw) {
        String path = raw.getRequestURI().getPath();
        DebugExchange exchange = null;
        try {
            if (tokenBytes != null && !authorized(raw.getRequestHeaders().getFirst("Authorization"))) {
                raw.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"vigil\"");
                throw new HttpProblem(401, "this server needs Authorization: Bearer <auth.token>");
            }
            Route route = routes.get(path);
            if (route == null && path.equals("/debug/pprof")) route = routes.get("/debug/pprof/");
            if (route == null) {
                throw new HttpProblem(404, "no such endpoint: " + path + " (the list is at /debug/pprof/)");
            }
            if (!READ_METHODS.contains(raw.getRequestMethod())) {
                raw.getResponseHeaders().set("Allow", "GET, HEAD");
                throw new HttpProblem(405, raw.getRequestMethod() + " is not allowed here; use GET");
            }
            exchange = new DebugExchange(raw);
            route.endpoint().handle(exchange);
        } catch (HttpProblem problem) {
            answerProblem(raw, exchange, problem.status(), problem.getMessage());
        } catch (IOException e) {
            // the client went away mid-answer; nothing to tell it
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError vme && !(t instanceof StackOverflowError)) throw vme;
            AgentLog.warnOnce("endpoint " + path + " failed: " + t);
            answerProblem(raw, exchange, 500, "internal error while serving " + path + ": "
                    + t.getClass().getSimpleName());
        } finally {
            raw.close();
        }
    }

    private static void answerProblem(HttpExchange raw, DebugExchange exchange, int status, String sentence) {
        if (exchange != null && exchange.answered()) return; // headers are gone; closing is all we can do
        try {
            byte[] body = (sentence + "\n").getBytes(StandardCharsets.UTF_8);
            raw.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            raw.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            DebugExchange.closeAfterAnswer(raw);
            boolean head = "HEAD".equals(raw.getRequestMethod());
            raw.sendResponseHeaders(status, head ? -1 : body.length);
            if (!head) raw.getResponseBody().write(body);
        } catch (IOException ignored) {
            // the client went away
        }
    }

    private boolean authorized(String header) {
        if (header == null || !header.startsWith("Bearer ")) return false;
        byte[] given = header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, tokenBytes); // constant time
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        if (workers != null) {
            workers.shutdownNow();
            workers = null;
        }
    }
}
