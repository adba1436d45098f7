package dev.vigil.agent;

import dev.vigil.agent.vars.PublishedVars;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Vigil from code. {@code Vigil.start()} starts sampling and the debug server with the configuration from
 * {@code VIGIL_CONFIG}/{@code VIGIL_*}; {@code Vigil.start(Map.of("port", "7070"))} adds settings on top.
 * Only one Vigil runs per JVM: a second start (or the agent plus a start from code) returns the running one.
 * {@link #publish} adds a var to /debug/vars, like Go's {@code expvar.Publish}.
 * <p>
 * This class is shared by the host and the agent ({@link AgentClassLoader#sharedWithHost}): it hands the runtime only
 * shared and JDK types, and reaches it through {@link RuntimeLauncher} by reflection, never by name.
 */
public final class Vigil implements AutoCloseable {
    private static final PublishedVars PUBLISHED = new PublishedVars();
    private static Vigil running;

    private final RunningVigil runtime;

    private Vigil(RunningVigil runtime) {
        this.runtime = runtime;
    }

    public static Vigil start() {
        return start(Map.of());
    }

    /** @param settings key → value, as in the configuration table; they override the file and environment */
    public static synchronized Vigil start(Map<String, String> settings) {
        if (running != null) {
            logAlreadyRunning("new settings are ignored");
            return running;
        }
        try {
            running = new Vigil(launch(Vigil.class.getClassLoader(), "fromSettings", Map.class, settings));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Vigil's runtime classes are missing or broken: " + e, e);
        }
        return running;
    }

    /**
     * The agent's start ({@code -javaagent} or attach): the runtime's classes are defined by a class loader of the
     * agent's own over {@code vigilJar}, not by the host's.
     */
    static synchronized void startAgent(String options, Path vigilJar) throws ReflectiveOperationException,
            IOException {
        if (running != null) {
            logAlreadyRunning("the agent's options are ignored");
            return;
        }
        AgentClassLoader loader = AgentClassLoader.open(vigilJar, Vigil.class.getClassLoader());
        try {
            running = new Vigil(launch(loader, "fromAgentOptions", String.class, options));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            loader.close(); // the launch failed: vigil.jar need not stay open
            throw e;
        }
    }

    private static void logAlreadyRunning(String consequence) {
        AgentLog.info("already running" + running.url().map(u -> " at " + u).orElse("") + "; " + consequence);
    }

    private static RunningVigil launch(ClassLoader loader, String method, Class<?> argumentType, Object argument)
            throws ReflectiveOperationException {
        try {
            return (RunningVigil) Class.forName("dev.vigil.agent.RuntimeLauncher", true, loader)
                    .getMethod(method, argumentType, PublishedVars.class).invoke(null, argument, PUBLISHED);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
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

    /** The version in vigil.jar's manifest, or "development" when running from classes. */
    public static String version() {
        String v = Vigil.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
