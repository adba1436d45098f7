package dev.vigil.agent;

import dev.vigil.agent.vars.PublishedVars;
import dev.vigil.core.config.ConfigLoader;
import dev.vigil.core.config.ConfigProblem;
import dev.vigil.service.config.ReloadableConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where {@link Vigil} starts a runtime. Vigil calls it reflectively through the class loader the runtime should live
 * in (the agent's own, or Vigil's when started from code), so it is public and takes only shared and JDK types.
 */
public final class RuntimeLauncher {
    private RuntimeLauncher() {
    }

    /** From agent options, {@code key=value,key=value}; a malformed option is one warning and is skipped. */
    public static RunningVigil fromAgentOptions(String options, PublishedVars published) {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, String> settings = ConfigLoader.parseOptions(options, problems);
        for (ConfigProblem problem : problems) AgentLog.warn(problem.describe());
        return fromSettings(settings, published);
    }

    /** From settings that override the config file and the environment. */
    public static RunningVigil fromSettings(Map<String, String> settings, PublishedVars published) {
        return VigilRuntime.start(new ReloadableConfig(settings, System.getenv()), published);
    }
}
