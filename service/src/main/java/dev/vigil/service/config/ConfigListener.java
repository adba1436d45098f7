package dev.vigil.service.config;

/**
 * Applies a configuration change to a running part (a sampler's interval, a size limit). Throwing rejects the change:
 * the whole reload is rolled back, the listeners that already applied it are called again with the inverse change,
 * and the last good configuration stays in force.
 */
@FunctionalInterface
public interface ConfigListener {
    void onChange(ConfigChange change) throws Exception;
}
