package dev.vigil.core.config;

import java.util.Objects;

/**
 * One documented configuration key: its dotted name, default, the kind of value it holds (which parses and checks
 * its text), and whether a change takes effect only after a restart.
 *
 * @param <T> the typed value
 */
public final class ConfigKey<T> {
    private final String name;
    private final ValueType<T> type;
    private final T defaultValue;
    private final String description;
    private final boolean restartRequired;
    private final boolean secret;

    ConfigKey(String name, ValueType<T> type, T defaultValue, String description, boolean restartRequired,
              boolean secret) {
        this.name = Objects.requireNonNull(name);
        this.type = Objects.requireNonNull(type);
        this.defaultValue = defaultValue;
        this.description = description;
        this.restartRequired = restartRequired;
        this.secret = secret;
    }

    public String name() {
        return name;
    }

    public String typeDescription() {
        return type.name();
    }

    /** May be null for keys that are unset unless configured (for example {@code auth.token}). */
    public T defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    public boolean restartRequired() {
        return restartRequired;
    }

    /** Secrets are masked wherever the effective configuration is shown. */
    public boolean secret() {
        return secret;
    }

    /** Parses and validates; throws {@link IllegalArgumentException} with a sentence that names the problem. */
    public T parse(String text) {
        return type.parse(text);
    }

    public String format(T value) {
        return value == null ? "" : type.format(value);
    }

    @SuppressWarnings("unchecked")
    String formatUnchecked(Object value) {
        return format((T) value);
    }

    @Override
    public String toString() {
        return name;
    }
}
