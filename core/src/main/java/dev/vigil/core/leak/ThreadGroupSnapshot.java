package dev.vigil.core.leak;

import java.util.Map;
import java.util.TreeMap;

/**
 * Live threads counted by group at one moment. The agent builds each key with {@link ThreadGroupKey#of} (name with
 * digits normalized, state, top frames), so 500 threads "pool-7-thread-12 WAITING at LinkedBlockingQueue.take"
 * are one group of 500.
 */
public record ThreadGroupSnapshot(long timeMillis, Map<String, Integer> countsByGroup) {
    public ThreadGroupSnapshot {
        countsByGroup = java.util.Collections.unmodifiableMap(new TreeMap<>(countsByGroup));
    }
}
