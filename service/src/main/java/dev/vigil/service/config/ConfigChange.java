package dev.vigil.service.config;

import dev.vigil.core.config.ConfigKey;
import dev.vigil.core.config.ConfigKeys;
import dev.vigil.core.config.VigilConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One reload's effect: the configuration before, after, and the keys whose value differs.
 *
 * @param changed keys whose values differ, in documentation order
 */
public record ConfigChange(VigilConfig previous, VigilConfig next, List<ConfigKey<?>> changed) {

    public static ConfigChange between(VigilConfig previous, VigilConfig next) {
        List<ConfigKey<?>> changed = new ArrayList<>();
        for (ConfigKey<?> key : ConfigKeys.ALL.values()) {
            if (!Objects.equals(previous.get(key), next.get(key))) changed.add(key);
        }
        return new ConfigChange(previous, next, List.copyOf(changed));
    }

    public boolean isEmpty() {
        return changed.isEmpty();
    }

    public boolean changed(ConfigKey<?> key) {
        return changed.contains(key);
    }

    /** The same change undone: what a rollback tells listeners that already applied this one. */
    public ConfigChange inverse() {
        return new ConfigChange(next, previous, changed);
    }

    public List<String> changedNames() {
        return changed.stream().map(ConfigKey::name).toList();
    }
}
