package dev.vigil.core.config;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The effective configuration: a typed value for every key, where it came from, and what was rejected. */
public final class VigilConfig {
    private final Map<String, Object> values;
    private final Map<String, ConfigSource> sources;
    private final List<ConfigProblem> problems;

    VigilConfig(Map<String, Object> values, Map<String, ConfigSource> sources, List<ConfigProblem> problems) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
        this.problems = List.copyOf(problems);
    }

    /** Every key at its default. */
    public static VigilConfig defaults() {
        return ConfigLoader.load(Map.of(), Map.of());
    }

    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        return (T) values.get(key.name());
    }

    public ConfigSource sourceOf(ConfigKey<?> key) {
        return sources.getOrDefault(key.name(), ConfigSource.DEFAULT);
    }

    /** Values that were rejected; their keys run with the default. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    /** Key → value text, with secrets masked, in documentation order. */
    public Map<String, String> describeMasked() {
        Map<String, String> shown = new LinkedHashMap<>();
        for (ConfigKey<?> key : ConfigKeys.ALL.values()) {
            Object value = values.get(key.name());
            String text = value == null ? null : key.formatUnchecked(value);
            shown.put(key.name(), key.secret() && text != null ? "******" : text);
        }
        return shown;
    }

    /** How many keys came from each source (for a one-line start-up summary). */
    public Map<ConfigSource, Integer> sourceCounts() {
        Map<ConfigSource, Integer> counts = new EnumMap<>(ConfigSource.class);
        sources.values().forEach(s -> counts.merge(s, 1, Integer::sum));
        return counts;
    }
}
