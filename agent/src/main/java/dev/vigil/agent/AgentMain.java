package dev.vigil.agent;

import dev.vigil.core.config.ConfigLoader;
import dev.vigil.core.config.ConfigProblem;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Entry point for {@code -javaagent:vigil.jar=options} (premain) and {@code vigil attach} (agentmain).
 * Nothing thrown here may reach the host: a failure to start is one log line and the host carries on.
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
            List<ConfigProblem> problems = new ArrayList<>();
            Map<String, String> parsed = ConfigLoader.parseOptions(options, problems);
            for (ConfigProblem problem : problems) AgentLog.warn(problem.describe());
            Vigil.start(parsed);
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError vme && !(t instanceof StackOverflowError)) throw vme;
            AgentLog.warn("could not start (" + how + "): " + t + "; the application runs without Vigil");
        }
    }
}
