package dev.vigil.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every configuration key Vigil reads, in the order the README's table lists them. */
public final class ConfigKeys {
    private ConfigKeys() {
    }

    // the kinds several keys share (declared before the keys: static fields initialise in order)
    private static final ValueType<String> TEXT = new ValueType.Text();
    private static final ValueType<Boolean> FLAG = new ValueType.Flag();
    private static final ValueType<Path> PATH = new ValueType.FilePath();
    private static final ValueType<Integer> PERCENT = new ValueType.WholeNumber("percent", 1, 100);

    public static final ConfigKey<String> HOST = text("host", "127.0.0.1",
            "Address the debug server binds. Anything but a loopback address requires auth.token.", true, false);
    public static final ConfigKey<Integer> PORT = new ConfigKey<>("port", new ValueType.WholeNumber("port", 0, 65535),
            6060, "TCP port of the debug server; 0 picks a free one.", true, false);
    public static final ConfigKey<Path> CONFIG = new ConfigKey<>("config", PATH, null,
            "YAML file with any of these keys (nested maps or dotted names). Also VIGIL_CONFIG.", true, false);
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
    public static final ConfigKey<Integer> PROFILE_MAX_CONCURRENT = new ConfigKey<>("profile.max-concurrent",
            new ValueType.WholeNumber("integer", 1, 8), 2,
            "Profiles (JFR recordings) that may run at once; more get 429.", true, false);
    public static final ConfigKey<Boolean> HEAP_SAMPLING = bool("profile.heap-sampling", false,
            "Keep a JFR old-object sampler running so /debug/pprof/heap answers at once with every sampled survivor "
                    + "since start. Off: /debug/pprof/heap samples for ?seconds=N first.", true);
    public static final ConfigKey<Boolean> HEAPDUMP_ENABLED = bool("heapdump.enabled", true,
            "Serve /debug/heapdump (a gzipped HPROF of live objects). Heap dumps hold secrets.", false);
    public static final ConfigKey<Path> HEAPDUMP_DIR = new ConfigKey<>("heapdump.dir", PATH,
            Path.of(System.getProperty("java.io.tmpdir")),
            "Directory for heap dumps while they are written (owner-only files); defaults to java.io.tmpdir.",
            false, false);

    public static final ConfigKey<Boolean> LEAK_ENABLED = bool("leak.enabled", true,
            "Run the leak detectors every sampling round and serve /debug/leaks.", true);
    public static final ConfigKey<Duration> LEAK_WARM_UP = duration("leak.warm-up", Duration.ofMinutes(10),
            Duration.ofSeconds(30), Duration.ofHours(24),
            "Data a detector needs before any judgement, counted from the JVM's start when the agent starts with it "
                    + "(threads, buffers, metaspace, classes and fds then need what follows leak.startup-grace, at least "
                    + "half; native the whole warm-up after it); shorter finds fast leaks sooner but risks start-up noise "
                    + "(under G1, a full cache that keeps evicting raises its after-GC heap floor for several minutes "
                    + "before it settles: a 2-minute warm-up calls that growth).",
            true);
    public static final ConfigKey<Duration> LEAK_STARTUP_GRACE = duration("leak.startup-grace", Duration.ofMinutes(5),
            Duration.ZERO, Duration.ofHours(24),
            "JVM uptime before which threads, buffers, metaspace, classes, fds and native memory are not judged "
                    + "(start-up loads classes, starts pools, touches pages); the heap is judged from the start.",
            true);
    public static final ConfigKey<Duration> LEAK_ESCALATE_AFTER = duration("leak.escalate-after",
            Duration.ofMinutes(10), Duration.ZERO, Duration.ofHours(24),
            "How long growth must go on before suspected becomes leaking (sooner when exhaustion is near).", true);
    public static final ConfigKey<Duration> LEAK_HISTOGRAM_INTERVAL = duration("leak.histogram.interval",
            Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofHours(1),
            "While the heap trend is suspicious: time between live class histograms (each runs a full GC).", false);
    public static final ConfigKey<Duration> LEAK_PATH_CUTOFF = duration("leak.path-cutoff", Duration.ofSeconds(1),
            Duration.ZERO, Duration.ofMinutes(1),
            "Longest JFR may search paths to GC roots when attributing a growing class (it can pause the JVM).",
            false);
    public static final ConfigKey<Boolean> HEAPDUMP_ON_LEAK = bool("heapdump.on-leak", false,
            "Take a heap dump when the heap verdict becomes leaking, and analyse it in a separate JVM.", false);
    public static final ConfigKey<Integer> HEAPDUMP_KEEP = new ConfigKey<>("heapdump.keep",
            new ValueType.WholeNumber("integer", 1, 100), 3,
            "Automatic heap dumps kept in heapdump.dir/vigil-heapdumps; older ones are deleted.", false, false);
    public static final ConfigKey<Duration> HEAPDUMP_MIN_INTERVAL = duration("heapdump.min-interval",
            Duration.ofHours(1), Duration.ZERO, Duration.ofDays(7),
            "Least time between two automatic heap dumps.", false);
    public static final ConfigKey<String> NOTIFY_WEBHOOK_URL = new ConfigKey<>("notify.webhook.url",
            new ValueType.HttpUrl(), null,
            "Where verdict changes and rule alerts are POSTed as JSON; unset: log only.", false, true);
    public static final ConfigKey<String> NOTIFY_WEBHOOK_FORMAT = new ConfigKey<>("notify.webhook.format",
            new ValueType.WebhookFormatName(), "json",
            "Body of the webhook: Vigil's JSON, or a Slack or WeCom robot text message.", false, false);
    public static final ConfigKey<Boolean> RULES_ENABLED = bool("rules.enabled", true,
            "The threshold rules: heap above rules.memory-percent for 3 samples (GC, then dump if it stays), "
                    + "old gen above rules.old-gen-percent for rules.old-gen-duration (dump and analyse).", false);
    public static final ConfigKey<Integer> RULES_MEMORY_PERCENT = new ConfigKey<>("rules.memory-percent", PERCENT,
            90, "Heap usage, in percent of max heap, that the memory rule watches.", false, false);
    public static final ConfigKey<Integer> RULES_OLD_GEN_PERCENT = new ConfigKey<>("rules.old-gen-percent",
            PERCENT, 85, "Old generation usage, in percent of its max, that the old-gen rule watches.", false, false);
    public static final ConfigKey<Duration> RULES_OLD_GEN_DURATION = duration("rules.old-gen-duration",
            Duration.ofMinutes(3), Duration.ZERO, Duration.ofHours(24),
            "How long the old generation must stay above rules.old-gen-percent before the rule fires.", false);

    /** All keys by name, in documentation order. */
    public static final Map<String, ConfigKey<?>> ALL = index(List.of(HOST, PORT, CONFIG, AUTH_TOKEN, SERVER_ENABLED,
            SAMPLING_INTERVAL, SAMPLING_RETENTION, PROFILE_MAX_DURATION, PROFILE_MAX_CONCURRENT, HEAP_SAMPLING,
            HEAPDUMP_ENABLED, HEAPDUMP_DIR, LEAK_ENABLED, LEAK_WARM_UP, LEAK_STARTUP_GRACE, LEAK_ESCALATE_AFTER, LEAK_HISTOGRAM_INTERVAL,
            LEAK_PATH_CUTOFF, HEAPDUMP_ON_LEAK, HEAPDUMP_KEEP, HEAPDUMP_MIN_INTERVAL, NOTIFY_WEBHOOK_URL,
            NOTIFY_WEBHOOK_FORMAT, RULES_ENABLED, RULES_MEMORY_PERCENT, RULES_OLD_GEN_PERCENT,
            RULES_OLD_GEN_DURATION));

    private static Map<String, ConfigKey<?>> index(List<ConfigKey<?>> keys) {
        Map<String, ConfigKey<?>> byName = new LinkedHashMap<>();
        for (ConfigKey<?> key : keys) {
            byName.put(key.name(), key);
        }
        return java.util.Collections.unmodifiableMap(byName);
    }

    private static ConfigKey<String> text(String name, String defaultValue, String description, boolean restart,
                                          boolean secret) {
        return new ConfigKey<>(name, TEXT, defaultValue, description, restart, secret);
    }

    private static ConfigKey<Boolean> bool(String name, boolean defaultValue, String description, boolean restart) {
        return new ConfigKey<>(name, FLAG, defaultValue, description, restart, false);
    }

    private static ConfigKey<Duration> duration(String name, Duration defaultValue, Duration min, Duration max,
                                                String description, boolean restart) {
        return new ConfigKey<>(name, new ValueType.DurationRange(min, max), defaultValue, description, restart,
                false);
    }
}
