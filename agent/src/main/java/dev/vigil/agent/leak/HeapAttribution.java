package dev.vigil.agent.leak;

import dev.vigil.agent.AgentLog;
import dev.vigil.core.histogram.ClassHistogram;
import dev.vigil.core.histogram.GrowingClasses;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Names the classes behind a growing heap while the heap trend is suspicious: live class histograms spaced
 * {@code leak.histogram.interval} apart say which classes keep growing; JFR old-object samples of those classes say
 * where they were allocated and what holds them. Everything here runs on the agent's leak thread, never on the
 * sampler, and stops (JFR recording closed) when the heap is healthy again.
 */
final class HeapAttribution implements AutoCloseable {
    /** Histograms kept: the growth test looks across all of them. */
    static final int HISTOGRAMS_KEPT = 6;
    static final int MAX_SUSPECTS = 8;
    /**
     * Classes that grew less than this across the kept histograms are noise. Small on purpose: the class a person
     * recognises (a per-host client, an order) is often small itself while the arrays it holds are big.
     */
    static final long MIN_BYTES_DELTA = 16 * 1024;

    private final LiveClassHistograms histograms;
    private final Supplier<Duration> histogramInterval;
    private final Supplier<Duration> pathCutoff;
    private final LongSupplier clockMillis;
    private final Deque<ClassHistogram> recent = new ArrayDeque<>();
    private OldObjectAttribution jfr;
    private String jfrProblem;
    private volatile List<Suspect> suspects = List.of();
    private volatile boolean active;

    HeapAttribution(LiveClassHistograms histograms, Supplier<Duration> histogramInterval,
                    Supplier<Duration> pathCutoff, LongSupplier clockMillis) {
        this.histograms = histograms;
        this.histogramInterval = histogramInterval;
        this.pathCutoff = pathCutoff;
        this.clockMillis = clockMillis;
    }

    /** One step while the heap is suspicious: a histogram when one is due, then attribution of the growing classes. */
    synchronized void step() {
        active = true;
        startJfrOnce();
        long now = clockMillis.getAsLong();
        ClassHistogram newest = recent.peekLast();
        if (newest != null && now - newest.takenMillis() < histogramInterval.get().toMillis()) return;
        try {
            recent.addLast(histograms.take());
        } catch (Exception e) {
            AgentLog.warnOnce("live class histogram unavailable: " + e);
            return;
        }
        while (recent.size() > HISTOGRAMS_KEPT) recent.removeFirst();
        List<ClassHistogram> kept = new ArrayList<>(recent);
        List<GrowingClasses.Growth> growth = growingClasses(kept);
        Map<String, Suspect> byClass = new LinkedHashMap<>();
        Map<String, Suspect> previous = new LinkedHashMap<>();
        for (Suspect s : suspects) previous.put(s.className(), s);
        for (GrowingClasses.Growth g : growth) {
            Suspect before = previous.get(g.className());
            byClass.put(g.className(), new Suspect(g.className(), g.instancesDelta(), g.bytesDelta(),
                    before == null ? List.of() : before.pathToGcRoot(),
                    before == null ? List.of() : before.allocationStack(),
                    before == null ? null : before.pathSource()));
        }
        if (jfr != null && !byClass.isEmpty()) {
            try {
                for (OldObjectAttribution.Attribution a : jfr.attribute(byClass.keySet()).values()) {
                    Suspect s = byClass.get(a.className());
                    s = s.withAllocationStack(a.allocationStack());
                    if (a.pathToGcRoot().size() > 1) s = s.withPath(a.pathToGcRoot(), "jfr-old-object-sample");
                    byClass.put(a.className(), s);
                }
            } catch (Exception | LinkageError e) {
                AgentLog.warnOnce("JFR old-object attribution failed: " + e);
            }
        }
        // what Vigil itself keeps (these histograms, its series) grows a little too: never blame the host for it
        byClass.values().removeIf(HeapAttribution::heldByVigil);
        suspects = List.copyOf(byClass.values());
    }

    /**
     * The classes to attribute: those whose bytes grew across the kept histograms, and, counted by instances, the
     * small objects that hold their weight off the heap (class loaders: metaspace; direct buffers: native memory)
     * with the application classes that grew in step with them.
     */
    static List<GrowingClasses.Growth> growingClasses(List<ClassHistogram> kept) {
        List<GrowingClasses.Growth> growth = new ArrayList<>(GrowingClasses.find(kept, MIN_BYTES_DELTA, 0.6,
                MAX_SUSPECTS));
        // class loaders and direct buffers are small objects that hold their weight off the heap (metaspace, native
        // memory), and so are the application objects that own one each: count instances, not bytes, for them
        List<GrowingClasses.Growth> anyGrowth = GrowingClasses.find(kept, 1, 0.6, Integer.MAX_VALUE);
        List<GrowingClasses.Growth> offHeap = new ArrayList<>();
        for (GrowingClasses.Growth g : anyGrowth) {
            if (holdsOffHeap(g.className()) && g.instancesDelta() >= 2) offHeap.add(g);
        }
        for (GrowingClasses.Growth g : anyGrowth) {
            boolean wanted = offHeap.contains(g) || (!Suspect.isJdk(g.className())
                    && offHeap.stream().anyMatch(o -> inStep(g.instancesDelta(), o.instancesDelta())));
            if (wanted && growth.size() < 2 * MAX_SUSPECTS
                    && growth.stream().noneMatch(x -> x.className().equals(g.className()))) {
                growth.add(g);
            }
        }
        return growth;
    }

    /** Called with the paths a heap dump analysis found; they replace JFR's (a dump sees every object). */
    synchronized void addDumpPaths(Map<String, List<String>> pathsByClass) {
        List<Suspect> updated = new ArrayList<>();
        for (Suspect s : suspects) {
            List<String> path = pathsByClass.get(s.className());
            updated.add(path == null ? s : s.withPath(path, "heap-dump"));
        }
        suspects = List.copyOf(updated);
    }

    private void startJfrOnce() {
        if (jfr != null || jfrProblem != null) return;
        try {
            OldObjectAttribution started = new OldObjectAttribution(pathCutoff.get());
            started.start();
            jfr = started;
        } catch (Exception | LinkageError e) {
            jfrProblem = e.toString();
            AgentLog.warnOnce("JFR unavailable for leak attribution (" + e + "); suspects will lack allocation stacks");
        }
    }

    /** The heap is healthy again: stop JFR and forget the histograms. */
    synchronized void stop() {
        active = false;
        recent.clear();
        suspects = List.of();
        if (jfr != null) {
            jfr.close();
            jfr = null;
        }
    }

    /** Growing classes: of the heap finding, and the raw material of the direct-buffer and class-loader ones. */
    List<Suspect> suspects() {
        return suspects;
    }

    static boolean heldByVigil(Suspect s) {
        if (isVigils(s.className())) return true;
        for (String link : s.pathToGcRoot()) {
            if (isVigils(link)) return true;
        }
        return false;
    }

    /** Vigil's own packages (not dev.vigil.demo, whose classes play the host in the demo). */
    private static boolean isVigils(String name) {
        return name.startsWith("dev.vigil.core.") || name.startsWith("dev.vigil.agent.")
                || name.startsWith("dev.vigil.pprof.") || name.startsWith("dev.vigil.shaded.");
    }

    static boolean isClassLoader(String className) {
        return className.endsWith("ClassLoader") || className.endsWith("Loader");
    }

    /** {@code java.nio.DirectByteBuffer} and its read-only and typed views; not their nested deallocators. */
    static boolean isDirectBuffer(String className) {
        return className.startsWith("java.nio.Direct") && className.indexOf('$') < 0;
    }

    private static boolean holdsOffHeap(String className) {
        return isClassLoader(className) || isDirectBuffer(className);
    }

    /** Two classes whose instances grew by the same count (within 10%): likely one owns the other, one each. */
    static boolean inStep(long instancesDelta, long otherInstancesDelta) {
        return Math.abs(instancesDelta - otherInstancesDelta) <= Math.max(1, otherInstancesDelta / 10);
    }

    /**
     * The suspects of an off-heap finding, out of all growing classes: the growing objects of that kind ({@code kind}: direct buffers or class
     * loaders) and the application classes that grew in step with them, the likely owners.
     */
    static List<Suspect> offHeapSuspects(List<Suspect> all, Predicate<String> kind) {
        List<Suspect> ofKind = all.stream().filter(s -> kind.test(s.className())).toList();
        return all.stream().filter(s -> ofKind.contains(s) || (!Suspect.isJdk(s.className())
                && ofKind.stream().anyMatch(o -> inStep(s.instancesDelta(), o.instancesDelta())))).toList();
    }

    boolean active() {
        return active;
    }

    Map<String, Object> describe() {
        Map<String, Object> m = describe(active, histograms.taken(), histograms.lastPauseMillis(), jfr != null);
        if (jfrProblem != null) m.put("jfr_problem", jfrProblem);
        return m;
    }

    /** What {@link #describe()} says before any attribution exists. */
    static Map<String, Object> describeIdle() {
        return describe(false, 0, -1, false);
    }

    private static Map<String, Object> describe(boolean active, long histogramsTaken, long lastPauseMillis,
                                                boolean jfrSampling) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("active", active);
        m.put("histograms_taken", histogramsTaken);
        m.put("last_histogram_pause_millis", lastPauseMillis);
        m.put("jfr_old_object_sampling", jfrSampling);
        return m;
    }

    @Override
    public void close() {
        stop();
    }
}
