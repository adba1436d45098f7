package dev.vigil.agent.server;

import java.io.IOException;

/** Answers one path of the debug server. Throw {@link HttpProblem} for a 4xx/5xx with a sentence. */
@FunctionalInterface
public interface Endpoint {
    void handle(DebugExchange exchange) throws IOException;
}
