package dev.vigil.demo.scenarios;

import java.util.ArrayList;
import java.util.List;

/**
 * The plugin {@link PluginHost} reloads. Defined again by every {@link PluginClassLoader}; a plain class here so the
 * build compiles it, but never loaded by the application class loader in the scenario.
 */
public final class ReportPlugin implements Runnable {
    private static final List<String> TEMPLATES = new ArrayList<>();
    private int rendered;

    @Override
    public void run() {
        if (TEMPLATES.isEmpty()) {
            TEMPLATES.add("header");
            TEMPLATES.add("body");
            TEMPLATES.add("footer");
        }
        rendered += TEMPLATES.size();
    }

    @Override
    public String toString() {
        return "ReportPlugin rendered=" + rendered;
    }
}
