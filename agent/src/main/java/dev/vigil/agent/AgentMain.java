package dev.vigil.agent;

import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point for {@code -javaagent:vigil.jar=options} (premain) and {@code vigil attach} (agentmain).
 * Nothing thrown here may reach the host: a failure to start is one log line and the host carries on.
 * The host's class loader loads this class; it hands over to {@code Vigil.startAgent}, and the runtime's classes are
 * defined by the agent's own loader ({@link AgentClassLoader}).
 */
public final class AgentMain {
    private AgentMain() {
    }

    public static void premain(String options, Instrumentation instrumentation) {
        startSafely(options, "agent");
    }

    public static void agentmain(String options, Instrumentation instrumentation) {
        startSafely(options, "attach");
    }

    static void startSafely(String options, String how) {
        try {
            Path jar = Path.of(AgentMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(jar)) throw new IllegalStateException(jar + " is not vigil.jar");
            Vigil.startAgent(options, jar);
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError vme && !(t instanceof StackOverflowError)) throw vme;
            AgentLog.warn("could not start (" + how + "): " + t + "; the application runs without Vigil");
        }
    }
}
