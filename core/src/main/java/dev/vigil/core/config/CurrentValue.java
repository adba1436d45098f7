package dev.vigil.core.config;

import java.util.function.Supplier;

/**
 * The value of one key in whatever configuration is in force at each {@code get()}, so that a reload reaches the
 * reader. A record rather than a lambda per key: the agent builds these in its start-up and first evaluation, where
 * every lambda site is linked through method handles (ARCHITECTURE.md, "What runs every round shares the host's JIT").
 *
 * @param config the configuration in force, e.g. a {@code ReloadableConfig}
 * @param <T> the key's value
 */
public record CurrentValue<T>(Supplier<VigilConfig> config, ConfigKey<T> key) implements Supplier<T> {
    @Override
    public T get() {
        return config.get().get(key);
    }
}
