package dev.vigil.agent.endpoints;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vigil.agent.server.DebugExchange;
import dev.vigil.agent.server.Endpoint;
import dev.vigil.agent.vars.VarsDocument;

import java.io.IOException;

/** {@code /debug/vars}: expvar-style JSON. */
public final class VarsEndpoint implements Endpoint {
    private final VarsDocument document;
    private final ObjectWriter writer;

    public VarsEndpoint(VarsDocument document, ObjectMapper mapper) {
        this.document = document;
        this.writer = mapper.writer(SerializationFeature.INDENT_OUTPUT);
    }

    @Override
    public void handle(DebugExchange exchange) throws IOException {
        byte[] json = writer.writeValueAsBytes(document.build());
        exchange.sendBytes(200, "application/json; charset=utf-8", json);
    }
}
