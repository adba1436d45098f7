package dev.vigil.agent.endpoints;

import dev.vigil.agent.server.DebugExchange;
import dev.vigil.agent.server.Endpoint;
import dev.vigil.pprof.threads.ThreadDump;

import java.io.IOException;

/**
 * {@code /debug/pprof/goroutine}: the JVM's threads, as Go shows goroutines. No {@code debug} (or 0): a pprof
 * profile of thread stacks; {@code ?debug=1}: threads with the same stack and state grouped, biggest group first;
 * {@code ?debug=2}: a full thread dump with states and locks, like jstack. Needs no JFR.
 */
public final class GoroutineEndpoint implements Endpoint {
    @Override
    public void handle(DebugExchange exchange) throws IOException {
        int debug = exchange.intParam("debug", 0, 0, 2);
        ThreadDump dump = ThreadDump.capture();
        switch (debug) {
            case 1 -> exchange.sendText(200, "text/plain; charset=utf-8", dump.groupedText());
            case 2 -> exchange.sendText(200, "text/plain; charset=utf-8", dump.fullText());
            default -> ProfileEndpoints.sendProfile(exchange, "goroutine", dump.toProfile());
        }
    }
}
