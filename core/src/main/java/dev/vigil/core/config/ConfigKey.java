package dev.vigil.core.config;

import java.util.Objects;
import java.util.function.Function;

/**
 * One documented configuration key: its dotted name, default, how its text is parsed and checked,
 * and whether a change takes effect only after a restart.
 *
 * @param <T> the typed value
 */
public final class ConfigKey<T> {
    private final String name;
    private final String typeDescription;
    private final T defaultValue;
    private final Function<String, T> parser;
    private final Function<T, String> formatter;
    private final String description;
    private final boolean restartRequired;
    private final boolean secret;

    ConfigKey(String name, String typeDescription, T defaultValue, Function<String, T> parser,
              Function<T, String> formatter, String description, boolean restartRequired, boolean secret) {
        this.name = Objects.requireNonNull(name);
        this.typeDescription = typeDescription;
        this.defaultValue = defaultValue;
        this.parser = parser;
        this.formatter = formatter;
        this.description = description;
        this.restartRequired = restartRequired;
        this.secret = secret;
    }

    public String name() {
        return name;
    }

    public String typeDescription() {
        return typeDescription;
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
        return parser.apply(text);
    }

    public String format(T value) {
        return value == null ? "" : formatter.apply(value);
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
