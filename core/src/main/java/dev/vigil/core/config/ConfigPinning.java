package dev.vigil.core.config;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Builds the configuration a reload swaps in: the new values, except for keys that only take effect after a restart
 * ({@link ConfigKey#restartRequired()}), which keep the value (and source) the process is really running with, so
 * that what {@code /debug/config} shows is what is in force.
 */
public final class ConfigPinning {
    private ConfigPinning() {
    }

    /**
     * @param candidate the freshly loaded configuration
     * @param running the configuration in force
     * @param pinned keys whose running value and source are kept
     * @return candidate's values and problems, with {@code pinned} keys taken from {@code running}
     */
    public static VigilConfig keepRunning(VigilConfig candidate, VigilConfig running,
                                          Collection<? extends ConfigKey<?>> pinned) {
        Set<String> names = new HashSet<>();
        for (ConfigKey<?> key : pinned) names.add(key.name());
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, ConfigSource> sources = new HashMap<>();
        for (ConfigKey<?> key : ConfigKeys.ALL.values()) {
            VigilConfig from = names.contains(key.name()) ? running : candidate;
            values.put(key.name(), from.get(key));
            sources.put(key.name(), from.sourceOf(key));
        }
        return new VigilConfig(values, sources, candidate.problems());
    }
}
