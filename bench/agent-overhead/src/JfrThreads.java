import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Summarises a JFR recording for the threads whose name starts with PREFIX (the agent's, "vigil-...") plus the JVM
 * threads that run its GC listener: bytes allocated (from jdk.ThreadAllocationStatistics, exact per-thread
 * counters, first vs last reading), CPU execution samples, and where in dev.vigil code the sampled allocations
 * (jdk.ObjectAllocationSample) happen.
 * Usage: java JfrThreads FILE.jfr [PREFIX=vigil]
 */
public final class JfrThreads {
    public static void main(String[] args) throws Exception {
        String prefix = args.length > 1 ? args[1] : "vigil";
        Map<String, long[]> allocStats = new TreeMap<>(); // name -> [first allocated, last allocated, firstT, lastT]
        Map<String, Long> cpu = new TreeMap<>();
        Map<String, Long> allocSites = new HashMap<>();
        long execAll = 0, gcCount = 0, first = Long.MAX_VALUE, last = Long.MIN_VALUE;
        try (RecordingFile f = new RecordingFile(Path.of(args[0]))) {
            while (f.hasMoreEvents()) {
                RecordedEvent e = f.readEvent();
                String type = e.getEventType().getName();
                long t = e.getStartTime().toEpochMilli();
                first = Math.min(first, t);
                last = Math.max(last, t);
                switch (type) {
                    case "jdk.GarbageCollection" -> gcCount++;
                    case "jdk.ThreadAllocationStatistics" -> {
                        String name = name(e.getThread("thread"));
                        if (!ours(name, prefix)) break;
                        long v = e.getLong("allocated");
                        long[] a = allocStats.computeIfAbsent(name, k -> new long[] {v, v, t, t});
                        if (t < a[2]) { a[0] = v; a[2] = t; }
                        if (t >= a[3]) { a[1] = v; a[3] = t; }
                    }
                    case "jdk.ExecutionSample" -> {
                        execAll++;
                        String name = name(e.getThread("sampledThread"));
                        if (ours(name, prefix)) cpu.merge(name, 1L, Long::sum);
                    }
                    case "jdk.ObjectAllocationSample" -> {
                        String name = name(e.getThread("eventThread"));
                        if (!ours(name, prefix)) break;
                        allocSites.merge(name + " @ " + site(e.getStackTrace()), e.getLong("weight"), Long::sum);
                    }
                    default -> { }
                }
            }
        }
        double seconds = Math.max(1, (last - first) / 1000.0);
        System.out.printf("  recording %.0f s, %d GCs, %d CPU samples in all threads%n", seconds, gcCount, execAll);
        for (Map.Entry<String, long[]> e : allocStats.entrySet()) {
            long[] a = e.getValue();
            double span = Math.max(0.001, (a[3] - a[2]) / 1000.0);
            System.out.printf("  %-26s allocated %8.1f KB/s (exact, over %.0f s)  cpu-samples %d%n", e.getKey(),
                    a[3] > a[2] ? (a[1] - a[0]) / span / 1e3 : Double.NaN, span, cpu.getOrDefault(e.getKey(), 0L));
        }
        allocSites.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue(), x.getValue())).limit(6)
                .forEach(s -> System.out.printf("  sampled alloc %6.1f MB  %s%n", s.getValue() / 1e6, s.getKey()));
    }

    private static boolean ours(String name, String prefix) {
        return name.startsWith(prefix) || name.equals("Service Thread") || name.equals("Notification Thread");
    }

    private static String name(RecordedThread th) {
        if (th == null) return "?";
        return th.getJavaName() == null ? String.valueOf(th.getOSName()) : th.getJavaName();
    }

    /** The innermost dev.vigil frame and the frame it called. */
    private static String site(RecordedStackTrace st) {
        if (st == null) return "?";
        String callee = null;
        for (RecordedFrame fr : st.getFrames()) {
            String m = fr.getMethod().getType().getName() + "." + fr.getMethod().getName();
            if (m.startsWith("dev.vigil")) return m + (callee == null ? "" : " -> " + callee);
            callee = m;
        }
        return "(no dev.vigil frame) " + callee;
    }
}
