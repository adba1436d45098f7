package dev.vigil.service;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer to /health/live or /health/ready: an HTTP status (200 or 503) and a JSON-ready body.
 *
 * @param body state, and each check's name → {healthy, detail}
 */
public record HealthReport(int status, Map<String, Object> body) {
    public boolean healthy() {
        return status == 200;
    }

    static HealthReport of(boolean healthy, LifecycleState state, Map<String, Object> checks) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", healthy ? "up" : "down");
        body.put("state", state.name());
        if (!checks.isEmpty()) body.put("checks", checks);
        return new HealthReport(healthy ? 200 : 503, body);
    }
}
