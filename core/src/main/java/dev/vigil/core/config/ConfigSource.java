package dev.vigil.core.config;

/** Where an effective value came from, lowest precedence first. */
public enum ConfigSource {
    DEFAULT("default"),
    FILE("file"),
    ENVIRONMENT("environment"),
    OPTIONS("agent options");

    private final String label;

    ConfigSource(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
