package dev.vigil.demo.scenarios;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.MemoryPoolMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Leak: class loaders. The host hot-reloads its report plugin: every reload defines {@link ReportPlugin} again in a
 * fresh {@link PluginClassLoader}. The old plugin instance stays in the static {@code REGISTERED} list (it was
 * registered as a listener and never deregistered), which keeps its class and its loader reachable, so no class is
 * ever unloaded and metaspace fills towards {@code -XX:MaxMetaspaceSize}.
 */
public final class PluginHost {
    static final String PLUGIN_CLASS = "dev.vigil.demo.scenarios.ReportPlugin";
    static final List<Runnable> REGISTERED = new ArrayList<>();
    private static byte[] pluginBytes;
    private static int generation;

    private PluginHost() {
    }

    /** One reload: a new loader, a new plugin, registered; the previous one is never deregistered (the bug). */
    static synchronized Runnable reload() throws ReflectiveOperationException {
        if (pluginBytes == null) pluginBytes = readPluginBytes();
        PluginClassLoader loader = new PluginClassLoader(++generation, PLUGIN_CLASS, pluginBytes,
                PluginHost.class.getClassLoader());
        Runnable plugin = (Runnable) loader.loadClass(PLUGIN_CLASS).getDeclaredConstructor().newInstance();
        plugin.run();
        REGISTERED.add(plugin);
        return plugin;
    }

    static synchronized int registered() {
        return REGISTERED.size();
    }

    static synchronized void clear() {
        REGISTERED.clear();
    }

    private static byte[] readPluginBytes() {
        try (InputStream in = PluginHost.class.getResourceAsStream("ReportPlugin.class")) {
            if (in == null) throw new IllegalStateException("ReportPlugin.class not found");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void run(Scenario.Options o, long deadline) throws Exception {
        MemoryPoolMXBean metaspace = Scenario.pool("Metaspace");
        long max = metaspace == null ? -1 : metaspace.getUsage().getMax();
        // Measure what one reload costs in metaspace with the first 200 reloads (they are part of the leak). Committed,
        // not used: MaxMetaspaceSize caps committed metaspace, and each loader's own chunks leave much of it unused
        // (measured with "used", a 60-minute rate ran out of metaspace after 45 minutes).
        long before = metaspace == null ? 0 : metaspace.getUsage().getCommitted();
        int calibration = 200;
        for (int i = 0; i < calibration; i++) reload();
        long after = metaspace == null ? 0 : metaspace.getUsage().getCommitted();
        double perReload = Math.max(1024, (after - before) / (double) calibration);
        if (max <= 0) max = 256L << 20; // no MaxMetaspaceSize: count against 256 MiB so the rate stays bounded
        double capacity = max - after;
        double perSecond = o.ratePerSecond(capacity, perReload);
        Scenario.announceLeak("classloader", o, capacity, perSecond * 60 * perReload, "bytes");
        System.out.printf("classloader: %.0f bytes of metaspace per reload, %.2f reloads/s%n", perReload, perSecond);
        Scenario.Pacer pacer = new Scenario.Pacer(perSecond);
        while (Scenario.before(deadline)) {
            for (int n = pacer.due(); n > 0; n--) reload();
            Scenario.pause(200);
        }
    }
}
