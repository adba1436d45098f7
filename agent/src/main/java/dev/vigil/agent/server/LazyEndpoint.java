package dev.vigil.agent.server;

import dev.vigil.agent.AgentLog;

import java.io.IOException;
import java.util.function.Supplier;

/**
 * An endpoint built at its first request. Most JVMs never ask for most endpoints, and building the JSON endpoints and
 * {@code /metrics} loads Jackson's ObjectMapper (about 380 classes) and client_java's registry (about 140). Loaded at
 * the host's start-up, that work made C2 compile JDK core methods (HashMap, String, BufferedInputStream) from the
 * agent's profile, and the host's own code then ran with those compilations for the life of the JVM: the likely cause
 * of the agent's throughput cost (BENCHMARKS.md, "what the agent's start-up leaves in the JIT"). Their metadata also
 * stayed in the host's footprint until a first request needed them.
 * If building fails, the failure is logged once and every request answers 503 with the reason.
 */
public final class LazyEndpoint implements Endpoint {
    private final String what;
    private final Supplier<? extends Endpoint> factory;
    private volatile Endpoint built;

    /** @param what what the endpoint serves, for the log line and the 503 answer, e.g. "Prometheus metrics" */
    public LazyEndpoint(String what, Supplier<? extends Endpoint> factory) {
        this.what = what;
        this.factory = factory;
    }

    @Override
    public void handle(DebugExchange exchange) throws IOException {
        Endpoint endpoint = built;
        if (endpoint == null) endpoint = build();
        endpoint.handle(exchange);
    }

    private synchronized Endpoint build() {
        if (built == null) {
            try {
                built = factory.get();
            } catch (RuntimeException | LinkageError e) {
                AgentLog.warn(what + " unavailable: " + e);
                String sentence = what + " unavailable in this JVM: " + e;
                built = exchange -> {
                    throw new HttpProblem(503, sentence);
                };
            }
        }
        return built;
    }
}
