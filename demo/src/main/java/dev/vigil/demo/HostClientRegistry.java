package dev.vigil.demo;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The seed tutorial's leak: "a global map that is never cleaned". One client per host, created on first use and never
 * removed, while the hosts keep changing (tenants, shards, redirects), so the map grows for as long as the service
 * runs.
 */
public final class HostClientRegistry {
    static final Map<String, HostClient> CLIENTS = new ConcurrentHashMap<>();

    private HostClientRegistry() {
    }

    static HostClient clientFor(String host, int bufferBytes) {
        return CLIENTS.computeIfAbsent(host, h -> new HostClient(h, bufferBytes));
    }

    static int size() {
        return CLIENTS.size();
    }
}
