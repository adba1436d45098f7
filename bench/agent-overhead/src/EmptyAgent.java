import java.lang.instrument.Instrumentation;

/**
 * An agent that does nothing: run.sh's config E, the cost of having a -javaagent at all (the JVM's JPLIS agent and
 * its JVMTI environment) without any of Vigil's classes or work.
 */
public final class EmptyAgent {
    private EmptyAgent() {
    }

    public static void premain(String options, Instrumentation instrumentation) {
    }
}
