import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * run.sh's config I, an experiment for issue 2: vigil.jar's agent with every Vigil class defined by a class loader of
 * its own that reads the class files straight from the jar, instead of the application class loader (which builds
 * URLs and code-source strings for every class it loads, about 21 StringBuilder calls each). The agent's start-up
 * then leaves much less in the JIT profile the host compiles its string building from (BENCHMARKS.md, run 18).
 * Not the product: the loader here shares nothing with the host (Vigil.publish from the host would not reach it),
 * which is the design question a real agent class loader has to answer. Options: PATH-TO-VIGIL.JAR;AGENT-OPTIONS.
 */
public final class IsolatingLoaderAgent {
    private IsolatingLoaderAgent() {
    }

    /** Defines classes from one jar; the JDK's classes come from the platform loader, the host's are not visible. */
    static final class JarClassLoader extends ClassLoader {
        private final JarFile jar;

        JarClassLoader(JarFile jar) {
            super(ClassLoader.getPlatformClassLoader());
            this.jar = jar;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            JarEntry entry = jar.getJarEntry(name.replace('.', '/').concat(".class")); // concat: no StringBuilder
            if (entry == null) throw new ClassNotFoundException(name);
            try (InputStream in = jar.getInputStream(entry)) {
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length); // no code source: no location string per class
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }

    public static void premain(String options, Instrumentation instrumentation) throws Exception {
        int split = options.indexOf(';');
        ClassLoader loader = new JarClassLoader(new JarFile(options.substring(0, split)));
        loader.loadClass("dev.vigil.agent.AgentMain").getMethod("premain", String.class, Instrumentation.class)
                .invoke(null, options.substring(split + 1), instrumentation);
    }
}
