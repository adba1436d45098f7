package dev.vigil.agent.server;

import dev.vigil.agent.AgentLog;
import dev.vigil.agent.DaemonThreads;
import dev.vigil.agent.server.HttpConnection.ConnectionTimeouts;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The debug HTTP server: a small HTTP/1.1 server of its own on a {@link ServerSocket}, so the agent brings no server
 * library into the host and leaves the JDK's {@code com.sun.net.httpserver} (whose answers Nagle's algorithm holds
 * back on kept-alive connections unless the JVM-wide {@code sun.net.httpserver.nodelay} is set) to the host. One
 * acceptor thread hands each connection to a worker, which serves it until it ends. One handler routes exact paths;
 * unknown paths, wrong methods and bad parameters get a 4xx and a sentence; failures inside an endpoint get a 500 and
 * a sentence, never a stack trace.
 */
public final class DebugServer implements AutoCloseable {
    /** Connections waiting for a worker beyond this are answered 503 at once. */
    static final int MAX_QUEUED_CONNECTIONS = 64;
    private static final int BACKLOG = 32;
    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD");

    public record Route(String path, String description, Endpoint endpoint) {
    }

    private final Map<String, Route> routes = new LinkedHashMap<>();
    private final byte[] tokenBytes;
    private final Set<HttpConnection> connections = ConcurrentHashMap.newKeySet();
    private final RefusedConnections refused = new RefusedConnections();
    private ConnectionTimeouts timeouts = ConnectionTimeouts.DEFAULT;
    private ServerSocket listener;
    private ThreadPoolExecutor workers;
    private volatile boolean closing;

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

    /** Shorter timeouts, for tests of the connection's ends. */
    DebugServer withTimeouts(ConnectionTimeouts shorter) {
        this.timeouts = shorter;
        return this;
    }

    /**
     * Binds and starts serving.
     *
     * @param workerThreads connections served at once (a kept-alive connection holds its worker until it ends, or
     *                      until another connection needs the worker; long profiles hold one each)
     * @throws IOException when the address cannot be bound, e.g. the port is taken
     */
    public synchronized void start(String host, int port, int workerThreads) throws IOException {
        ServerSocket bound = new ServerSocket();
        try {
            bound.bind(new InetSocketAddress(InetAddress.getByName(host), port), BACKLOG);
        } catch (IOException e) {
            bound.close();
            throw e;
        }
        // Workers are started by the first connections and then stay, parked while idle. With an idle timeout they
        // would churn: the pool starts a new worker for every task while it has fewer than workerThreads, so
        // scrapes spaced as Prometheus spaces them (15 s, five workers, a 60 s timeout) each started a thread.
        workers = new ThreadPoolExecutor(workerThreads, workerThreads, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(MAX_QUEUED_CONNECTIONS), new DaemonThreads("http"));
        listener = bound;
        new DaemonThreads("http-acceptor").newThread(new Acceptor(bound, workers, workerThreads)).start();
    }

    /** The acceptor thread's work; a class rather than a lambda, which the start-up would link through method handles. */
    private final class Acceptor implements Runnable {
        private final ServerSocket bound;
        private final ThreadPoolExecutor pool;
        private final int workerThreads;

        Acceptor(ServerSocket bound, ThreadPoolExecutor pool, int workerThreads) {
            this.bound = bound;
            this.pool = pool;
            this.workerThreads = workerThreads;
        }

        @Override
        public void run() {
            acceptUntilClosed(bound, pool, workerThreads);
        }
    }

    /** The bound port (useful with port 0), or -1 when not running. */
    public synchronized int port() {
        return listener == null ? -1 : listener.getLocalPort();
    }

    public synchronized String host() {
        return listener == null ? null : listener.getInetAddress().getHostAddress();
    }

    private void acceptUntilClosed(ServerSocket bound, ThreadPoolExecutor pool, int workerThreads) {
        try {
            acceptWhileOpen(bound, pool, workerThreads);
        } finally {
            refused.closeAll(); // also those refused while close() ran
        }
    }

    private void acceptWhileOpen(ServerSocket bound, ThreadPoolExecutor pool, int workerThreads) {
        while (!closing) {
            Socket socket;
            try {
                bound.setSoTimeout(acceptWaitMillis());
                socket = bound.accept();
            } catch (SocketTimeoutException e) {
                endStalledConnections();
                refused.closeDue(System.nanoTime());
                continue;
            } catch (IOException e) {
                if (closing || bound.isClosed()) return;
                AgentLog.warnOnce("debug server: accepting a connection failed: " + e);
                pauseAfterFailedAccept();
                continue;
            }
            endStalledConnections();
            refused.closeDue(System.nanoTime());
            HttpConnection connection = new HttpConnection(socket, this, timeouts);
            connections.add(connection);
            endIdleConnectionsBeyond(workerThreads);
            try {
                pool.execute(connection);
            } catch (RejectedExecutionException busy) { // a full queue, or the server is closing
                refuse(connection, socket);
            }
        }
    }

    /** How long the acceptor waits for a connection before it looks at stalled writes and lingering refusals. */
    private int acceptWaitMillis() {
        int watch = connections.isEmpty() ? 0 : timeouts.watchMillis();
        int untilRefusedDue = refused.millisUntilNextDue(System.nanoTime());
        if (watch == 0 || untilRefusedDue == 0) return Math.max(watch, untilRefusedDue); // 0: wait for ever
        return Math.min(watch, untilRefusedDue);
    }

    /** Kept-alive connections waiting for their next request give up their workers to connections that have none. */
    private void endIdleConnectionsBeyond(int workerThreads) {
        int excess = connections.size() - workerThreads;
        while (excess-- > 0) {
            HttpConnection longestIdle = null;
            for (HttpConnection c : connections) {
                if (c.phase() == HttpConnection.Phase.WAITING
                        && (longestIdle == null || c.phaseSinceNanos() - longestIdle.phaseSinceNanos() < 0)) {
                    longestIdle = c;
                }
            }
            if (longestIdle == null) return;
            longestIdle.end();
        }
    }

    private void endStalledConnections() {
        long now = System.nanoTime();
        for (HttpConnection c : connections) {
            if (c.writeStalled(now)) c.end();
        }
    }

    private void refuse(HttpConnection connection, Socket socket) {
        forget(connection); // it never reached a worker; the socket is the refusal's now
        refused.refuse(socket, DebugExchange.refusalBytes(503, "the debug server is busy; try again shortly"),
                System.nanoTime());
    }

    private static void pauseAfterFailedAccept() {
        try {
            Thread.sleep(100); // e.g. out of file descriptors: do not spin
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean closing() {
        return closing;
    }

    /** Whether accepted connections are waiting for a worker. */
    boolean connectionsWaiting() {
        ThreadPoolExecutor pool = workers;
        return pool != null && !pool.getQueue().isEmpty();
    }

    void forget(HttpConnection connection) {
        connections.remove(connection);
    }

    void dispatch(DebugExchange exchange) {
        String path = exchange.path();
        try {
            if (tokenBytes != null && !authorized(exchange.header("Authorization"))) {
                exchange.setHeader("WWW-Authenticate", "Bearer realm=\"vigil\"");
                throw new HttpProblem(401, "this server needs Authorization: Bearer <auth.token>");
            }
            Route route = routes.get(path);
            if (route == null && path.equals("/debug/pprof")) route = routes.get("/debug/pprof/");
            if (route == null) {
                throw new HttpProblem(404, "no such endpoint: " + path + " (the list is at /debug/pprof/)");
            }
            if (!READ_METHODS.contains(exchange.method())) {
                exchange.setHeader("Allow", "GET, HEAD");
                throw new HttpProblem(405, exchange.method() + " is not allowed here; use GET");
            }
            route.endpoint().handle(exchange);
            if (!exchange.answered()) throw new IllegalStateException("the endpoint gave no answer");
            exchange.complete();
        } catch (HttpProblem problem) {
            answerProblem(exchange, problem.status(), problem.getMessage());
        } catch (IOException e) {
            if (exchange.answered()) {
                exchange.closeAfterAnswer(); // the client went away mid-answer; nothing to tell it
            } else { // the endpoint's own I/O, such as a file it reads
                AgentLog.warnOnce("endpoint " + path + " failed: " + e);
                answerProblem(exchange, 500, "an I/O error while serving " + path + ": " + e.getClass().getSimpleName());
            }
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError vme && !(t instanceof StackOverflowError)) throw vme;
            AgentLog.warnOnce("endpoint " + path + " failed: " + t);
            answerProblem(exchange, 500, "internal error while serving " + path + ": " + t.getClass().getSimpleName());
        }
    }

    private static void answerProblem(DebugExchange exchange, int status, String sentence) {
        if (exchange.answered()) { // the head is gone: ending the connection is all that is left to say
            exchange.closeAfterAnswer();
            return;
        }
        try {
            exchange.sendText(status, "text/plain; charset=utf-8", sentence + "\n");
        } catch (IOException ignored) {
            exchange.closeAfterAnswer(); // the client went away
        }
    }

    private boolean authorized(String header) {
        if (header == null || !header.startsWith("Bearer ")) return false;
        byte[] given = header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, tokenBytes); // constant time
    }

    @Override
    public synchronized void close() {
        closing = true;
        if (listener != null) {
            try {
                listener.close();
            } catch (IOException ignored) {
                // it is closed either way
            }
            listener = null;
        }
        for (HttpConnection c : connections) c.end();
        refused.closeAll();
        if (workers != null) {
            workers.shutdownNow();
            workers = null;
        }
    }
}
