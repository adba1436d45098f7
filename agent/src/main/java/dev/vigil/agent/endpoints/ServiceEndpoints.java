package dev.vigil.agent.endpoints;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vigil.agent.server.DebugExchange;
import dev.vigil.agent.server.Endpoint;
import dev.vigil.service.HealthReport;
import dev.vigil.service.ServiceRunner;
import dev.vigil.service.config.ConfigReport;
import dev.vigil.service.config.ReloadableConfig;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The endpoints backed by the service module: effective configuration and health. */
public final class ServiceEndpoints {
    private ServiceEndpoints() {
    }

    /** {@code /debug/config}: every key's value (secrets masked) and source, restart-only keys, the last reload. */
    public static final class ConfigEndpoint implements Endpoint {
        private final ReloadableConfig config;
        private final ObjectMapper mapper;

        public ConfigEndpoint(ReloadableConfig config, ObjectMapper mapper) {
            this.config = config;
            this.mapper = mapper;
        }

        @Override
        public void handle(DebugExchange exchange) throws IOException {
            exchange.sendBytes(200, "application/json; charset=utf-8",
                    mapper.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(ConfigReport.of(config)));
        }
    }

    /**
     * {@code /health/live} and {@code /health/ready}: the service runner's checks when the process runs under
     * {@code ServiceRunner}; otherwise the JVM is up and that is all we know, so 200.
     */
    public static final class HealthEndpoint implements Endpoint {
        private final boolean liveness;
        private final ObjectMapper mapper;

        public HealthEndpoint(boolean liveness, ObjectMapper mapper) {
            this.liveness = liveness;
            this.mapper = mapper;
        }

        @Override
        public void handle(DebugExchange exchange) throws IOException {
            // looked up per request: premain runs before the service's main starts its runner
            HealthReport report = ServiceRunner.current().map(r -> liveness ? r.live() : r.ready()).orElse(null);
            int status;
            Map<String, Object> body;
            if (report == null) {
                status = 200;
                body = new LinkedHashMap<>();
                body.put("status", "up");
                body.put("state", "no service runner");
            } else {
                status = report.status();
                body = report.body();
            }
            exchange.sendBytes(status, "application/json; charset=utf-8", mapper.writeValueAsBytes(body));
        }
    }
}
