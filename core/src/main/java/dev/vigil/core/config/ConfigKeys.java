package dev.vigil.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Every configuration key Vigil reads, in the order the README's table lists them. */
public final class ConfigKeys {
    private ConfigKeys() {
    }

    public static final ConfigKey<String> HOST = text("host", "127.0.0.1",
            "Address the debug server binds. Anything but a loopback address requires auth.token.", true, false);
    public static final ConfigKey<Integer> PORT = new ConfigKey<>("port", "port", 6060, ConfigKeys::port,
            String::valueOf, "TCP port of the debug server; 0 picks a free one.", true, false);
    public static final ConfigKey<Path> CONFIG = new ConfigKey<>("config", "path", null, ConfigKeys::path,
            Path::toString, "YAML file with any of these keys (nested maps or dotted names). Also VIGIL_CONFIG.",
            true, false);
    public static final ConfigKey<String> AUTH_TOKEN = text("auth.token", null,
            "Bearer token every request must carry (Authorization: Bearer ...). Required off loopback.", true, true);
    public static final ConfigKey<Boolean> SERVER_ENABLED = bool("server.enabled", true,
            "Start the debug HTTP server. With false, probes still sample.", true);
    public static final ConfigKey<Duration> SAMPLING_INTERVAL = duration("sampling.interval", Duration.ofSeconds(3),
            Duration.ofMillis(100), Duration.ofMinutes(10), "How often probes sample MXBeans and process stats.", true);
    public static final ConfigKey<Duration> SAMPLING_RETENTION = duration("sampling.retention", Duration.ofHours(24),
            Duration.ofMinutes(1), Duration.ofDays(7),
            "How far back in-memory series reach; each series holds at most 28800 points whatever the interval.", true);
    public static final ConfigKey<Duration> PROFILE_MAX_DURATION = duration("profile.max-duration",
            Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofHours(1),
            "Longest profile or trace a request may ask for with ?seconds=N.", false);
    public static final ConfigKey<Integer> PROFILE_MAX_CONCURRENT = new ConfigKey<>("profile.max-concurrent", "integer",
            2, text -> intInRange(text, 1, 8), String::valueOf,
            "Profiles (JFR recordings) that may run at once; more get 429.", true, false);
    public static final ConfigKey<Boolean> HEAP_SAMPLING = bool("profile.heap-sampling", false,
            "Keep a JFR old-object sampler running so /debug/pprof/heap answers at once with every sampled survivor "
                    + "since start. Off: /debug/pprof/heap samples for ?seconds=N first.", true);
    public static final ConfigKey<Boolean> HEAPDUMP_ENABLED = bool("heapdump.enabled", true,
            "Serve /debug/heapdump (a gzipped HPROF of live objects). Heap dumps hold secrets.", false);
    public static final ConfigKey<Path> HEAPDUMP_DIR = new ConfigKey<>("heapdump.dir", "path",
            Path.of(System.getProperty("java.io.tmpdir")), ConfigKeys::path, Path::toString,
            "Directory for heap dumps while they are written (owner-only files); defaults to java.io.tmpdir.",
            false, false);

    /** All keys by name, in documentation order. */
    public static final Map<String, ConfigKey<?>> ALL = index(List.of(HOST, PORT, CONFIG, AUTH_TOKEN, SERVER_ENABLED,
            SAMPLING_INTERVAL, SAMPLING_RETENTION, PROFILE_MAX_DURATION, PROFILE_MAX_CONCURRENT, HEAP_SAMPLING,
            HEAPDUMP_ENABLED, HEAPDUMP_DIR));

    private static Map<String, ConfigKey<?>> index(List<ConfigKey<?>> keys) {
        Map<String, ConfigKey<?>> byName = new LinkedHashMap<>();
        for (ConfigKey<?> key : keys) {
            byName.put(key.name(), key);
        }
        return java.util.Collections.unmodifiableMap(byName);
    }

    private static ConfigKey<String> text(String name, String defaultValue, String description, boolean restart,
                                          boolean secret) {
        Function<String, String> nonBlank = s -> {
            if (s.isBlank()) throw new IllegalArgumentException("must not be empty");
            return s.trim();
        };
        return new ConfigKey<>(name, "text", defaultValue, nonBlank, Function.identity(), description, restart, secret);
    }

    private static ConfigKey<Boolean> bool(String name, boolean defaultValue, String description, boolean restart) {
        return new ConfigKey<>(name, "true|false", defaultValue, ConfigKeys::bool, String::valueOf, description,
                restart, false);
    }

    private static ConfigKey<Duration> duration(String name, Duration defaultValue, Duration min, Duration max,
                                                String description, boolean restart) {
        Function<String, Duration> parser = text -> {
            Duration d = DurationText.parse(text);
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new IllegalArgumentException("'" + text + "' is out of range (" + DurationText.format(min)
                        + " to " + DurationText.format(max) + ")");
            }
            return d;
        };
        return new ConfigKey<>(name, "duration", defaultValue, parser, DurationText::format, description, restart,
                false);
    }

    private static boolean bool(String text) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("'" + text + "' is not true or false");
        };
    }

    private static int port(String text) {
        return intInRange(text, 0, 65535);
    }

    private static int intInRange(String text, int min, int max) {
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(value + " is out of range (" + min + " to " + max + ")");
        }
        return value;
    }

    private static Path path(String text) {
        if (text.isBlank()) throw new IllegalArgumentException("must not be empty");
        try {
            return Path.of(text.trim());
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid path");
        }
    }
}
