package dev.vigil.agent.endpoints;

import dev.vigil.agent.metrics.VigilMetrics;
import dev.vigil.agent.server.DebugExchange;
import dev.vigil.agent.server.Endpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashSet;

/** {@code /metrics}: Prometheus text, or OpenMetrics when the scraper's Accept header asks for it. */
public final class MetricsEndpoint implements Endpoint {
    private final VigilMetrics metrics;

    public MetricsEndpoint(VigilMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void handle(DebugExchange exchange) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
        String contentType = metrics.write(exchange.header("Accept"), new LinkedHashSet<>(exchange.params("name[]")),
                body);
        exchange.sendBytes(200, contentType, body.toByteArray());
    }
}
