package dev.vigil.agent.leak;

import dev.vigil.core.histogram.ClassHistogram;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * Takes live class histograms through the DiagnosticCommand MBean, as {@code jcmd GC.class_histogram} does. Each one
 * runs a full GC first (that is what makes it "live"), so callers bound how often; the pause of the newest one is
 * kept so /debug/leaks can say what attribution cost.
 */
final class LiveClassHistograms {
    private static final String DIAGNOSTIC_COMMAND = "com.sun.management:type=DiagnosticCommand";

    private final LongSupplier clockMillis;
    private volatile long lastPauseMillis = -1;
    private volatile long taken;

    LiveClassHistograms(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    ClassHistogram take() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        long started = System.nanoTime();
        String text = (String) server.invoke(new ObjectName(DIAGNOSTIC_COMMAND), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        lastPauseMillis = (System.nanoTime() - started) / 1_000_000;
        taken++;
        return ClassHistogram.parse(text, clockMillis.getAsLong());
    }

    /** How long the newest histogram took (GC pause plus counting), or -1 before the first. */
    long lastPauseMillis() {
        return lastPauseMillis;
    }

    long taken() {
        return taken;
    }
}
