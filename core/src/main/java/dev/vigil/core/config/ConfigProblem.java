package dev.vigil.core.config;

/**
 * A value that could not be used. {@code line} is 0 where the source has no lines.
 *
 * @param key the dotted key, or the raw text when it could not be split into key and value
 */
public record ConfigProblem(String key, ConfigSource source, int line, String message) {

    /** One line a person can act on, naming the key, where it came from and the problem. */
    public String describe() {
        String where = source.label() + (line > 0 ? " line " + line : "");
        return "config key '" + key + "' (" + where + "): " + message;
    }
}
