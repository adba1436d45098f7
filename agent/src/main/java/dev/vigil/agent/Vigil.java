package dev.vigil.agent;

import dev.vigil.agent.vars.PublishedVars;
import dev.vigil.service.config.ReloadableConfig;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Vigil from code. {@code Vigil.start()} starts sampling and the debug server with the configuration from
 * {@code VIGIL_CONFIG}/{@code VIGIL_*}; {@code Vigil.start(Map.of("port", "7070"))} adds settings on top.
 * Only one Vigil runs per JVM: a second start (or the agent plus a start from code) returns the running one.
 * {@link #publish} adds a var to /debug/vars, like Go's {@code expvar.Publish}.
 */
public final class Vigil implements AutoCloseable {
    private static final PublishedVars PUBLISHED = new PublishedVars();
    private static Vigil running;

    private final VigilRuntime runtime;

    private Vigil(VigilRuntime runtime) {
        this.runtime = runtime;
    }

    public static Vigil start() {
        return start(Map.of());
    }

    /** @param settings key → value, as in the configuration table; they override the file and environment */
    public static synchronized Vigil start(Map<String, String> settings) {
        if (running != null) {
            AgentLog.info("already running" + (running.url().map(u -> " at " + u).orElse(""))
                    + "; new settings are ignored");
            return running;
        }
        running = new Vigil(VigilRuntime.start(new ReloadableConfig(settings, System.getenv()), PUBLISHED));
        return running;
    }

    /** The running instance, if any. */
    public static synchronized Optional<Vigil> current() {
        return Optional.ofNullable(running);
    }

    /** Publishes a var on /debug/vars; the supplier is read at each request. */
    public static void publish(String name, Supplier<?> value) {
        PUBLISHED.publish(name, value);
    }

    public static void unpublish(String name) {
        PUBLISHED.remove(name);
    }

    /** The debug server's index URL, empty when the server is not running. */
    public Optional<String> url() {
        return Optional.ofNullable(runtime.url());
    }

    /** The bound port, or -1 when the server is not running. */
    public int port() {
        return runtime.port();
    }

    /** Stops the server, probes and recordings. Vigil can be started again afterwards. */
    @Override
    public void close() {
        synchronized (Vigil.class) {
            runtime.close();
            if (running == this) running = null;
        }
    }

    static String version() {
        String v = Vigil.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
