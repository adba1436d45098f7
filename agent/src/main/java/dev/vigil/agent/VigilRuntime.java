package dev.vigil.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.agent.endpoints.GoroutineEndpoint;
import dev.vigil.agent.endpoints.HeapDumpEndpoint;
import dev.vigil.agent.endpoints.IndexPage;
import dev.vigil.agent.endpoints.LeaksEndpoint;
import dev.vigil.agent.leak.LeakMonitor;
import dev.vigil.agent.endpoints.MetricsEndpoint;
import dev.vigil.agent.endpoints.ProfileEndpoints;
import dev.vigil.agent.endpoints.ServiceEndpoints;
import dev.vigil.service.config.ConfigWatcher;
import dev.vigil.service.config.ReloadableConfig;
import dev.vigil.agent.endpoints.VarsEndpoint;
import dev.vigil.agent.metrics.VigilMetrics;
import dev.vigil.agent.probe.BufferPoolProbe;
import dev.vigil.agent.probe.GcProbe;
import dev.vigil.agent.probe.MemoryProbe;
import dev.vigil.agent.probe.Probe;
import dev.vigil.agent.probe.ProbeScheduler;
import dev.vigil.agent.probe.ProcessProbe;
import dev.vigil.agent.probe.ThreadProbe;
import dev.vigil.agent.server.DebugServer;
import dev.vigil.agent.server.Endpoint;
import dev.vigil.agent.server.HttpProblem;
import dev.vigil.agent.server.LazyEndpoint;
import dev.vigil.agent.vars.PublishedVars;
import dev.vigil.agent.vars.VarsDocument;
import dev.vigil.core.config.ConfigKeys;
import dev.vigil.core.config.ConfigProblem;
import dev.vigil.core.config.CurrentValue;
import dev.vigil.core.config.VigilConfig;
import dev.vigil.core.series.SeriesStore;
import dev.vigil.pprof.jfr.JfrProfiler;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One running Vigil inside a JVM: the series store, probes, profiler, metrics and debug server, wired
 * from a {@link VigilConfig}. Starting never throws: each part that fails is reported in one line and the rest runs.
 */
final class VigilRuntime implements RunningVigil {
    /** Threads that serve quick endpoints beside the long-running profiles. */
    private static final int QUICK_REQUEST_THREADS = 3;
    /** The upper bound profile.max-duration accepts. */
    private static final Duration MAX_PROFILE_DURATION = Duration.ofHours(1);

    private final ReloadableConfig reloadable;
    private final PublishedVars published;
    private final ConfigWatcher watcher;
    private final long startedMillis = System.currentTimeMillis();
    private final SeriesStore store;
    private final GcProbe gc; // null where the JDK lacks com.sun.management
    private final ProbeScheduler scheduler;
    private final JfrProfiler profiler;
    /** Built at the first evaluation (see {@link #evaluateLeaks}); null before, when off, and after a failed start. */
    private volatile LeakMonitor leaks;
    private volatile boolean leakMonitorFailed;
    private boolean closed; // guarded by this
    private final ProcessProbe processProbe = new ProcessProbe();
    private VigilConfig describedConfig;
    private Map<String, String> describedSettings;
    private List<String> describedProblems;
    private DebugServer server;
    private String url;
    private ObjectMapper jsonMapper;

    private VigilRuntime(ReloadableConfig reloadable, PublishedVars published) {
        this.reloadable = reloadable;
        this.published = published;
        VigilConfig config = reloadable.current();
        Duration interval = config.get(ConfigKeys.SAMPLING_INTERVAL);
        this.store = SeriesStore.forRetention(config.get(ConfigKeys.SAMPLING_RETENTION), interval);
        this.gc = gcProbe();
        List<Probe> probes = new ArrayList<>(List.of(new MemoryProbe(), new ThreadProbe(), new BufferPoolProbe(),
                processProbe));
        if (gc != null) probes.add(gc);
        this.scheduler = new ProbeScheduler(probes, store, System::currentTimeMillis);
        if (config.get(ConfigKeys.LEAK_ENABLED)) scheduler.afterEachRound(this::evaluateLeaks);
        scheduler.start(interval);
        this.profiler = new JfrProfiler(JfrProfiler.Options.defaults()
                .withMaxDuration(MAX_PROFILE_DURATION)); // the endpoints enforce profile.max-duration, which may reload
        if (config.get(ConfigKeys.HEAP_SAMPLING)) {
            if (profiler.isAvailable()) {
                profiler.startHeapSampling();
            } else {
                AgentLog.warn("profile.heap-sampling is on but JFR is unavailable: " + profiler.unavailableReason());
            }
        }
        if (config.get(ConfigKeys.SERVER_ENABLED)) {
            startServer();
        }
        this.watcher = watch(reloadable);
    }

    private static GcProbe gcProbe() {
        try {
            return new GcProbe();
        } catch (RuntimeException | LinkageError e) {
            AgentLog.warn("after-GC usage unavailable (" + e + "); the heap leak detector falls back to heap.used_bytes");
            return null;
        }
    }

    /** Per pool, the usage after the newest collection; empty without the GC probe. */
    private Map<String, GcProbe.AfterGc> afterGcByPool() {
        return gc == null ? Map.of() : gc.afterGcByPool();
    }

    /**
     * The leak monitor's turn after a sampling round. The monitor is built here, on the sampler thread, at its first
     * evaluation, one evaluation interval after the agent started. The detectors need minutes of data and the rules
     * are judged every interval anyway, so that costs at most one interval; in exchange its construction (about forty
     * classes, lambdas, executors, platform beans) stays out of the agent's start, which runs before the host's main
     * and its traffic. The JIT compiles the JDK methods both share, StringBuilder's among them, from whichever calls
     * come first (ARCHITECTURE.md).
     */
    private void evaluateLeaks() {
        LeakMonitor monitor = leaks;
        if (monitor == null) {
            if (System.currentTimeMillis() - startedMillis < LeakMonitor.EVALUATION_INTERVAL_MILLIS) return;
            synchronized (this) {
                if (closed || leakMonitorFailed) return;
                try {
                    monitor = new LeakMonitor(reloadable, store, System::currentTimeMillis);
                } catch (RuntimeException | LinkageError e) {
                    leakMonitorFailed = true;
                    AgentLog.warn("leak detection unavailable: " + e);
                    return;
                }
                leaks = monitor;
            }
        }
        monitor.round();
    }

    /** /debug/leaks: the monitor's report, or the same document with nothing judged before its first evaluation. */
    private Map<String, Object> leakDocument() {
        LeakMonitor monitor = leaks;
        if (monitor != null) return monitor.toMap();
        if (leakMonitorFailed) throw new HttpProblem(503, "leak detection failed to start; see the agent's log");
        return LeakMonitor.beforeFirstEvaluation();
    }

    static VigilRuntime start(ReloadableConfig reloadable, PublishedVars published) {
        for (ConfigProblem problem : reloadable.current().problems()) {
            AgentLog.warn(problem.describe());
        }
        return new VigilRuntime(reloadable, published);
    }

    /** The configuration in force: reloads swap it atomically, so read it per use rather than keeping it. */
    VigilConfig config() {
        return reloadable.current();
    }

    /** Watches the config file, when there is one, so edits apply without a restart (keys that allow it). */
    private static ConfigWatcher watch(ReloadableConfig reloadable) {
        if (reloadable.file().isEmpty()) return null;
        try {
            ConfigWatcher w = new ConfigWatcher(reloadable, reloadable.file().get().toAbsolutePath(),
                    Duration.ofMillis(500), Duration.ofSeconds(5));
            w.start();
            return w;
        } catch (IOException | RuntimeException e) {
            AgentLog.warn("config file " + reloadable.file().get() + " is not watched (" + e.getMessage()
                    + "); edits need a restart");
            return null;
        }
    }

    private void startServer() {
        VigilConfig config = config();
        String host = config.get(ConfigKeys.HOST);
        int port = config.get(ConfigKeys.PORT);
        String token = config.get(ConfigKeys.AUTH_TOKEN);
        try {
            if (token == null && !isLoopback(host)) {
                AgentLog.warn("debug server not started: host " + host + " is not a loopback address and no "
                        + "auth.token is set (anyone who can reach it could read heap dumps); set auth.token or "
                        + "bind 127.0.0.1. Sampling continues.");
                return;
            }
        } catch (UnknownHostException e) {
            AgentLog.warn("debug server not started: host '" + host + "' does not resolve. Sampling continues.");
            return;
        }
        DebugServer created = new DebugServer(token);
        int maxProfiles = config.get(ConfigKeys.PROFILE_MAX_CONCURRENT);
        ProfileEndpoints profiles = new ProfileEndpoints(profiler,
                new CurrentValue<>(reloadable, ConfigKeys.PROFILE_MAX_DURATION), maxProfiles,
                Path.of(System.getProperty("java.io.tmpdir")));
        created.route("/debug/pprof/", "this list", new IndexPage(created))
                .route("/debug/pprof/profile", "CPU profile from JFR execution samples; ?seconds=N (default 30)",
                        profiles.cpu())
                .route("/debug/pprof/heap", "sampled live objects with their allocation stacks (JFR old-object "
                        + "samples); ?seconds=N when profile.heap-sampling is off", profiles.heap())
                .route("/debug/pprof/allocs", "allocation profile from JFR allocation samples; ?seconds=N",
                        profiles.allocations())
                .route("/debug/pprof/goroutine", "thread stacks; ?debug=1 grouped text, ?debug=2 full thread dump",
                        new GoroutineEndpoint())
                .route("/debug/pprof/block", "time threads spent parked (JFR ThreadPark); ?seconds=N (default 10)",
                        profiles.block())
                .route("/debug/pprof/mutex", "time threads waited to enter monitors (JFR JavaMonitorEnter); "
                        + "?seconds=N (default 10)", profiles.mutex())
                .route("/debug/pprof/trace", "a JFR recording for JDK Mission Control; ?seconds=N (default 5)",
                        profiles.trace())
                .route("/debug/vars", "expvar-style JSON: cmdline, memstats, vigil, published vars",
                        builtAtFirstRequest("/debug/vars"))
                .route("/debug/leaks", "leak verdicts with evidence and suspects; ?format=text or ?format=html",
                        config.get(ConfigKeys.LEAK_ENABLED)
                                ? builtAtFirstRequest("/debug/leaks")
                                : exchange -> {
                            throw new HttpProblem(503, "leak detection is off (leak.enabled=false)");
                        })
                .route("/debug/heapdump", "gzipped HPROF of live objects (one at a time)",
                        builtAtFirstRequest("/debug/heapdump"))
                .route("/debug/config", "effective configuration (secrets masked), sources, last reload",
                        builtAtFirstRequest("/debug/config"))
                .route("/health/live", "200 while the service is alive, 503 otherwise",
                        builtAtFirstRequest("/health/live"))
                .route("/health/ready", "200 while the service takes work, 503 otherwise",
                        builtAtFirstRequest("/health/ready"))
                .route("/metrics", "Prometheus text, or OpenMetrics when asked",
                        new LazyEndpoint("Prometheus metrics", new FirstRequestBuild("/metrics")));
        try {
            created.start(host, port, maxProfiles + QUICK_REQUEST_THREADS);
            server = created;
            url = "http://" + hostForUrl(created.host()) + ":" + created.port() + "/debug/pprof/";
            System.setProperty("vigil.debug.url", url);
            AgentLog.info("debug server on " + url + (token == null ? "" : " (bearer token required)"));
        } catch (BindException e) {
            AgentLog.warn("debug server not started: " + host + ":" + port + " is taken (" + e.getMessage()
                    + "); set another port. Sampling continues.");
        } catch (IOException | RuntimeException e) {
            AgentLog.warn("debug server not started on " + host + ":" + port + ": " + e + ". Sampling continues.");
        }
    }

    /** The endpoint of {@code path}, built at its first request. */
    private LazyEndpoint builtAtFirstRequest(String path) {
        return new LazyEndpoint(path, new FirstRequestBuild(path));
    }

    /**
     * Builds the endpoint of one path at its first request ({@link LazyEndpoint}). One class for every path rather
     * than a lambda per endpoint: the routes are set up in the agent's start-up, where each of seven lambda sites
     * would be linked through method handles (ARCHITECTURE.md, "What runs every round shares the host's JIT"); the
     * method references below are linked only when a request first asks for their endpoint.
     */
    private final class FirstRequestBuild implements Supplier<Endpoint> {
        private final String path;

        FirstRequestBuild(String path) {
            this.path = path;
        }

        @Override
        public Endpoint get() {
            return switch (path) {
                case "/debug/vars" -> new VarsEndpoint(new VarsDocument(jsonMapper(), VigilRuntime.this::afterGcByPool,
                        published, scheduler::statuses, VigilRuntime.this::facts, processProbe::latest), jsonMapper());
                case "/debug/leaks" -> new LeaksEndpoint(VigilRuntime.this::leakDocument, jsonMapper());
                case "/debug/heapdump" -> new HeapDumpEndpoint(
                        new CurrentValue<>(reloadable, ConfigKeys.HEAPDUMP_ENABLED),
                        new CurrentValue<>(reloadable, ConfigKeys.HEAPDUMP_DIR));
                case "/debug/config" -> new ServiceEndpoints.ConfigEndpoint(reloadable, jsonMapper());
                case "/health/live" -> new ServiceEndpoints.HealthEndpoint(true, jsonMapper());
                case "/health/ready" -> new ServiceEndpoints.HealthEndpoint(false, jsonMapper());
                case "/metrics" -> new MetricsEndpoint(new VigilMetrics(VigilRuntime.this::afterGcByPool,
                        scheduler::statuses, () -> leaks == null ? null : leaks.report(), processProbe::latest));
                default -> throw new IllegalStateException("no endpoint is built for " + path);
            };
        }
    }

    /** The JSON endpoints' shared mapper, made at the first request that needs one (see {@link LazyEndpoint}). */
    private synchronized ObjectMapper jsonMapper() {
        if (jsonMapper == null) jsonMapper = new ObjectMapper();
        return jsonMapper;
    }

    private static boolean isLoopback(String host) throws UnknownHostException {
        for (InetAddress address : InetAddress.getAllByName(host)) {
            if (!address.isLoopbackAddress()) return false;
        }
        return true;
    }

    private static String hostForUrl(String address) {
        return address.contains(":") ? "[" + address + "]" : address;
    }

    private synchronized Map<String, Object> facts() {
        VigilConfig config = config();
        if (config != describedConfig) { // the same objects until a reload, so /debug/vars need not convert them again
            describedSettings = config.describeMasked();
            describedProblems = config.problems().stream().map(ConfigProblem::describe).toList();
            describedConfig = config;
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("version", Vigil.version());
        // "vigil" when the agent's own loader defined the runtime (AgentClassLoader), the host's loader's name otherwise
        facts.put("class_loader", String.valueOf(VigilRuntime.class.getClassLoader().getName()));
        facts.put("started_millis", startedMillis);
        facts.put("sampling_interval_millis", config.get(ConfigKeys.SAMPLING_INTERVAL).toMillis());
        facts.put("series", store.all().size());
        facts.put("series_capacity_points", store.capacity());
        facts.put("jfr", profiler.isAvailable() ? "available" : "unavailable: " + profiler.unavailableReason());
        facts.put("heap_sampling", profiler.isHeapSampling());
        facts.put("config", describedSettings);
        facts.put("config_problems", describedProblems);
        facts.put("config_reloads", reloadable.reloadCount());
        return facts;
    }

    SeriesStore store() {
        return store;
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public int port() {
        return server == null ? -1 : server.port();
    }

    @Override
    public void close() {
        if (watcher != null) watcher.close();
        if (server != null) server.close();
        scheduler.close();
        synchronized (this) {
            closed = true;
            if (leaks != null) leaks.close();
        }
        profiler.close();
    }
}
