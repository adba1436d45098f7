package dev.vigil.core.leak;

import java.util.ArrayList;
import java.util.List;

/**
 * All leak detectors in one call per sampling round:
 * <pre>{@code
 * LeakDetectors detectors = new LeakDetectors(DetectorSettings.defaults());
 * LeakReport report = null;
 * // every round:
 * report = detectors.evaluate(LeakInputs.from(store, facts, now), report);
 * }</pre>
 * Stateless; the previous report carries first-detection times and hysteresis clocks. A detector whose series is
 * missing produces no finding.
 */
public final class LeakDetectors {
    private final PostGcTrend heap;
    private final ThreadGrowthDetector threads;
    private final ResourceTrendDetector direct;
    private final ResourceTrendDetector mapped;
    private final ResourceTrendDetector metaspace;
    private final ClassLoaderLeakDetector classes;
    private final ResourceTrendDetector fds;
    private final NativeMemoryGrowthDetector nativeMemory;

    public LeakDetectors(DetectorSettings s) {
        HysteresisSettings h = s.hysteresis();
        heap = new PostGcTrend(s.trend(LeakResource.HEAP), h);
        threads = new ThreadGrowthDetector(s.trend(LeakResource.THREADS), h,
                ThreadGrowthDetector.GroupGrowthSettings.defaults());
        direct = new ResourceTrendDetector(LeakResource.DIRECT, s.trend(LeakResource.DIRECT), h);
        mapped = new ResourceTrendDetector(LeakResource.MAPPED, s.trend(LeakResource.MAPPED), h);
        metaspace = new ResourceTrendDetector(LeakResource.METASPACE, s.trend(LeakResource.METASPACE), h);
        classes = new ClassLoaderLeakDetector(s.trend(LeakResource.CLASSES), h);
        fds = new ResourceTrendDetector(LeakResource.FDS, s.trend(LeakResource.FDS), h);
        nativeMemory = new NativeMemoryGrowthDetector(s.trend(LeakResource.NATIVE), h);
    }

    /**
     * @param in       this round's snapshots
     * @param previous the previous round's report, or null on the first round
     */
    public LeakReport evaluate(LeakInputs in, LeakReport previous) {
        long now = in.nowMillis();
        JvmFacts f = in.facts() == null ? JvmFacts.unknown() : in.facts();
        List<LeakFinding> out = new ArrayList<>();
        if (in.heapAfterGc() != null && in.heapBaseline() != null) {
            long max = f.maxHeapBytes() == null ? -1 : f.maxHeapBytes();
            out.add(heap.evaluate(in.heapBaseline(), in.heapAfterGc(), max, prev(previous, LeakResource.HEAP), now));
        }
        if (in.threadsLive() != null) {
            out.add(threads.evaluate(in.threadsLive(), JvmFacts.limit(f.maxThreads()),
                    prev(previous, LeakResource.THREADS), now));
        }
        if (in.directUsed() != null) {
            Long maxDirect = f.maxDirectBytes() != null ? f.maxDirectBytes() : f.maxHeapBytes();
            out.add(direct.evaluate(LeakInputs.DIRECT_USED, in.directUsed(), JvmFacts.limit(maxDirect),
                    prev(previous, LeakResource.DIRECT), now));
        }
        if (in.mappedUsed() != null) {
            out.add(mapped.evaluate(LeakInputs.MAPPED_USED, in.mappedUsed(), null,
                    prev(previous, LeakResource.MAPPED), now));
        }
        LeakFinding classesFinding = in.classesLoaded() == null ? null
                : gateClasses(classes.evaluate(in.classesLoaded(), in.classesUnloaded(),
                        prev(previous, LeakResource.CLASSES), now), now);
        if (in.metaspaceUsed() != null) {
            LeakFinding m = metaspace.evaluate(LeakInputs.METASPACE_USED, in.metaspaceUsed(),
                    JvmFacts.limit(f.maxMetaspaceBytes()), prev(previous, LeakResource.METASPACE), now);
            out.add(gateMetaspace(m, classesFinding, now));
        }
        if (classesFinding != null) out.add(classesFinding);
        if (in.openFds() != null) {
            out.add(fds.evaluate(LeakInputs.OPEN_FDS, in.openFds(), JvmFacts.limit(f.maxFds()),
                    prev(previous, LeakResource.FDS), now));
        }
        if (in.rss() != null || in.rssAnonymous() != null) {
            out.add(gateNative(nativeMemory.evaluate(in, prev(previous, LeakResource.NATIVE), now), now));
        }
        return LeakReport.of(out, now);
    }

    private static final ReasonText METASPACE_SETTLING = ReasonText.of(" Not a finding: loaded classes do not grow "
            + "and no metaspace limit is near, so this is class metadata settling, not a class-loader leak.");
    private static final ReasonText NATIVE_FAR_FROM_LIMIT = ReasonText.of(" Not a finding: at this rate the memory "
            + "limit is more than three days away (GC bookkeeping, allocator arenas and compiled code creep up like "
            + "this in healthy JVMs).");

    /** Exhaustion further away than this does not make metaspace growth a finding on its own. */
    static final long METASPACE_HORIZON_MILLIS = 24 * 60 * TrendSettings.MINUTE_MILLIS;

    /**
     * Metaspace keeps growing slowly for a long time after start-up (JIT, lambda forms, class metadata settling) while
     * the loaded class count is flat: that is not a leak. Metaspace growth counts when loaded classes grow too (a
     * class-loader leak), or when a limit ({@code -XX:MaxMetaspaceSize}) would be reached within a day.
     */
    static LeakFinding gateMetaspace(LeakFinding metaspace, LeakFinding classes, long now) {
        if (metaspace.status() == LeakStatus.OK) return metaspace;
        boolean classesGrow = classes != null && classes.status() != LeakStatus.OK;
        Long exhaustion = metaspace.projectedExhaustionMillis();
        boolean nearLimit = exhaustion != null && exhaustion - now <= METASPACE_HORIZON_MILLIS;
        if (classesGrow || nearLimit) return metaspace;
        return okBecause(metaspace, METASPACE_SETTLING, now);
    }

    /**
     * A class-loader leak keeps its loaders, so their classes are never unloaded. When classes are unloaded at least
     * as fast as the loaded count grows, most of what was loaded in the window was collected again: generated classes
     * (reflection accessors, lambda forms, proxies) whose unloading waits for the collections that unload classes
     * (G1: only after a marking cycle), so the count climbs between them. Such churn is not a finding; a leak of a
     * minority of loaders hides in it (the heap detector still sees its loaders).
     */
    static LeakFinding gateClasses(LeakFinding classes, long now) {
        if (classes.status() == LeakStatus.OK) return classes;
        Object unloaded = classes.evidence().details().get("unloaded_per_minute");
        if (!(unloaded instanceof Double perMinute) || perMinute < classes.growthPerMinute()) return classes;
        return okBecause(classes, ReasonText.writtenBy(() -> " Not a finding: classes are unloaded ("
                + UnitFormat.fixed(perMinute, 1) + "/min) at least as fast as the loaded count grows, so their class "
                + "loaders are collected; the count lags behind the collections that unload classes."), now);
    }

    /** Native growth that would take longer than this to reach the memory limit is not a finding. */
    static final long NATIVE_HORIZON_MILLIS = 3 * 24 * 60 * TrendSettings.MINUTE_MILLIS;

    /**
     * RSS beyond what the JVM accounts for also holds GC bookkeeping that grows with the heap, malloc arenas and code
     * the JIT keeps compiling, all of which creep up slowly in healthy services. Native growth is a finding when it
     * would exhaust the memory limit (the container's, else the machine's) within three days.
     */
    static LeakFinding gateNative(LeakFinding nativeMemory, long now) {
        if (nativeMemory.status() == LeakStatus.OK) return nativeMemory;
        Long exhaustion = nativeMemory.projectedExhaustionMillis();
        if (exhaustion != null && exhaustion - now <= NATIVE_HORIZON_MILLIS) return nativeMemory;
        return okBecause(nativeMemory, NATIVE_FAR_FROM_LIMIT, now);
    }

    /** {@code f} turned ok, its reason followed by {@code why} (which starts with its own space). */
    private static LeakFinding okBecause(LeakFinding f, ReasonText why, long now) {
        return new LeakFinding(f.resource(), LeakStatus.OK, f.growthPerMinute(), f.unit(), f.confidence(), null, null,
                f.evidence().withReason(f.evidence().reasonText().followedBy(why)), List.of(), now, null, null);
    }

    private static LeakFinding prev(LeakReport previous, LeakResource r) {
        return previous == null ? null : previous.finding(r);
    }

    public ThreadGrowthDetector threads() {
        return threads;
    }
}
