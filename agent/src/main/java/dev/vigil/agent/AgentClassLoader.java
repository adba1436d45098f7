package dev.vigil.agent;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Defines the agent's classes straight from vigil.jar. The application class loader, which would otherwise load
 * them, builds URL, path and code-source strings for every class (about 21 {@code StringBuilder} calls each, some 90
 * classes in the agent's first seconds). The host's JIT then compiles its own string building from a profile the
 * agent's start-up wrote: measured at up to 2.4 % of a service's throughput (BENCHMARKS.md, issue 2). This loader
 * reads a class file by name and defines it without a code source, which builds no strings.
 * <p>
 * Host and agent share the classes whose objects pass between them ({@link #sharedWithHost}); those, and the JDK's,
 * come from the parent, the loader that loaded {@link Vigil}. Every other class under {@code dev.vigil} (the
 * shaded libraries included) is defined here, so the agent's code never resolves a class through the host's loader.
 * Resources come from the parent as usual: the JVM puts an agent's jar on the host's class path.
 */
final class AgentClassLoader extends ClassLoader implements Closeable {
    static {
        registerAsParallelCapable();
    }

    private final JarFile jar;

    private AgentClassLoader(JarFile jar, ClassLoader parent) {
        super("vigil", parent);
        this.jar = jar;
    }

    /** A loader over {@code vigilJar}; the file stays open while the JVM runs, as a class path entry does. */
    static AgentClassLoader open(Path vigilJar, ClassLoader parent) throws IOException {
        JarFile jar = new JarFile(vigilJar.toFile(), false, JarFile.OPEN_READ, Runtime.version());
        return new AgentClassLoader(jar, parent);
    }

    /**
     * The classes host and agent exchange objects of, so both must see one class: the public handle and its runtime
     * interface, the vars the host publishes, this entry point, and the service-hosting API (the runner, its health
     * reports and watchdog), which the agent reads when the host runs under {@code ServiceRunner}. Its config
     * package is not shared: the agent's reloadable configuration is its own.
     */
    static boolean sharedWithHost(String className) {
        return className.equals("dev.vigil.agent.Vigil")
                || className.equals("dev.vigil.agent.RunningVigil")
                || className.equals("dev.vigil.agent.vars.PublishedVars")
                || className.equals("dev.vigil.agent.AgentMain")
                || className.equals("dev.vigil.agent.AgentClassLoader")
                || (className.startsWith("dev.vigil.service.") && !className.startsWith("dev.vigil.service.config."));
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith("dev.vigil.") || sharedWithHost(name)) return super.loadClass(name, resolve);
        synchronized (getClassLoadingLock(name)) {
            Class<?> type = findLoadedClass(name);
            if (type == null) type = defineFromJar(name);
            if (type == null) return super.loadClass(name, resolve); // not in the jar: the host may have it
            if (resolve) resolveClass(type);
            return type;
        }
    }

    private Class<?> defineFromJar(String name) throws ClassNotFoundException {
        JarEntry entry = jar.getJarEntry(name.replace('.', '/').concat(".class"));
        if (entry == null) return null;
        try (InputStream in = jar.getInputStream(entry)) {
            byte[] bytes = in.readAllBytes();
            return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new ClassNotFoundException(name + " could not be read from " + jar.getName(), e);
        }
    }

    /** Closes vigil.jar; only for a runtime that did not start, since classes not yet loaded can no longer be. */
    @Override
    public void close() throws IOException {
        jar.close();
    }
}
