package dev.vigil.agent.leak;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.agent.AgentLog;
import dev.vigil.agent.DaemonThreads;
import dev.vigil.agent.heapdump.HeapDumpArchive;
import dev.vigil.core.config.ConfigKeys;
import dev.vigil.core.config.CurrentValue;
import dev.vigil.core.config.VigilConfig;
import dev.vigil.core.leak.DetectorSettings;
import dev.vigil.core.leak.GcFootprint;
import dev.vigil.core.leak.GrowingThreadGroup;
import dev.vigil.core.leak.HeapBaseline;
import dev.vigil.core.leak.HysteresisSettings;
import dev.vigil.core.leak.JvmFacts;
import dev.vigil.core.leak.LeakDetectors;
import dev.vigil.core.leak.LeakFinding;
import dev.vigil.core.leak.LeakInputs;
import dev.vigil.core.leak.LeakReport;
import dev.vigil.core.leak.LeakResource;
import dev.vigil.core.leak.LeakStatus;
import dev.vigil.core.leak.RuleAction;
import dev.vigil.core.leak.RuleResult;
import dev.vigil.core.leak.SustainedThresholdRule;
import dev.vigil.core.leak.ThreadGroupKey;
import dev.vigil.core.leak.ThreadGroupSnapshot;
import dev.vigil.core.leak.ThresholdRuleSettings;
import dev.vigil.core.leak.TrendSettings;
import dev.vigil.core.notify.Notification;
import dev.vigil.core.notify.WebhookFormat;
import dev.vigil.core.notify.WebhookNotifier;
import dev.vigil.core.series.Series;
import dev.vigil.core.series.SeriesStore;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Turns the series into leak verdicts every sampling round and acts on them. The detectors run on the sampler thread
 * (pure arithmetic, well under a millisecond); everything that takes time or pauses the JVM — class histograms, JFR
 * dumps, thread snapshots, heap dumps, webhooks — runs on the single {@code vigil-leak} thread, so a probe is never
 * held up. Verdict changes are logged in one line each and sent to the webhook.
 */
public final class LeakMonitor implements AutoCloseable {
    static final int THREAD_SNAPSHOTS_KEPT = 20;
    static final int THREAD_STACK_DEPTH = 3;
    static final long GC_REQUEST_MIN_INTERVAL_MILLIS = 5 * 60_000L;
    static final long WATCHDOG_FORWARD_INTERVAL_MILLIS = 60_000L;
    /** Least time between two evaluations; sampling may be faster. */
    public static final long EVALUATION_INTERVAL_MILLIS = 10_000L;

    private final Supplier<VigilConfig> config;
    private final SeriesStore store;
    private final LongSupplier clockMillis;
    private final LeakDetectors detectors;
    private final JvmFacts facts;
    private final long jvmStartMillis;
    private final long startupEndMillis;
    private final ThreadPoolExecutor leakThread;
    private final ScheduledExecutorService notifyThread;
    private final HeapAttribution heap;
    private final HeapDumpArchive archive;
    private final WebhookNotifier notifier;
    private final SustainedThresholdRule memoryRule;
    private final SustainedThresholdRule oldGenRule;
    private final AtomicBoolean heapStepQueued = new AtomicBoolean();
    private final AtomicBoolean threadStepQueued = new AtomicBoolean();
    private final Deque<ThreadGroupSnapshot> threadSnapshots = new ArrayDeque<>();
    private volatile LeakReport report;
    private volatile List<RuleResult> ruleResults = List.of();
    private volatile List<Suspect> threadSuspects = List.of();
    private volatile Map<String, Object> lastHeapDump;
    private DumpAnalysis dumpAnalysis;
    private long lastGcRequestMillis = Long.MIN_VALUE;
    private long lastWatchdogMillis = Long.MIN_VALUE / 2;

    public LeakMonitor(Supplier<VigilConfig> config, SeriesStore store, LongSupplier clockMillis) {
        this.config = config;
        this.store = store;
        this.clockMillis = clockMillis;
        VigilConfig c = config.get();
        this.facts = readFacts();
        this.jvmStartMillis = ManagementFactory.getRuntimeMXBean().getStartTime(); // once: see MEMORY_POOLS
        this.startupEndMillis = jvmStartMillis + c.get(ConfigKeys.LEAK_STARTUP_GRACE).toMillis();
        this.detectors = new LeakDetectors(settings(c, clockMillis.getAsLong() < startupEndMillis));
        this.leakThread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(64),
                new DaemonThreads("leak"), new ThreadPoolExecutor.DiscardPolicy());
        this.heap = new HeapAttribution(new LiveClassHistograms(clockMillis),
                new CurrentValue<>(config, ConfigKeys.LEAK_HISTOGRAM_INTERVAL),
                new CurrentValue<>(config, ConfigKeys.LEAK_PATH_CUTOFF), clockMillis);
        this.archive = new HeapDumpArchive(new CurrentValue<>(config, ConfigKeys.HEAPDUMP_DIR),
                new CurrentValue<>(config, ConfigKeys.HEAPDUMP_KEEP),
                new CurrentValue<>(config, ConfigKeys.HEAPDUMP_MIN_INTERVAL), clockMillis);
        String url = c.get(ConfigKeys.NOTIFY_WEBHOOK_URL);
        if (url != null) {
            notifyThread = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("notify"));
            notifier = new WebhookNotifier(URI.create(url), WebhookFormat.parse(c.get(ConfigKeys.NOTIFY_WEBHOOK_FORMAT)),
                    Duration.ofSeconds(10), 5, Duration.ofSeconds(2), notifyThread, AgentLog::warn);
        } else {
            notifyThread = null;
            notifier = null;
        }
        memoryRule = new SustainedThresholdRule(new ThresholdRuleSettings("memory-above-threshold",
                c.get(ConfigKeys.RULES_MEMORY_PERCENT) / 100.0, 3, 0));
        oldGenRule = new SustainedThresholdRule(new ThresholdRuleSettings("old-gen-above-threshold",
                c.get(ConfigKeys.RULES_OLD_GEN_PERCENT) / 100.0, 2, c.get(ConfigKeys.RULES_OLD_GEN_DURATION).toMillis()));
    }

    /**
     * The configured detector settings. {@code startedInGrace}: the agent came up with the JVM, so the warm-up counts
     * from the JVM's start: the non-heap series, whose start-up grace is cut off, need only the rest of the warm-up
     * (at least half of it), except native memory. Attached later, every series needs the whole warm-up of data.
     */
    static DetectorSettings settings(VigilConfig c, boolean startedInGrace) {
        DetectorSettings s = DetectorSettings.defaults();
        long warmUp = c.get(ConfigKeys.LEAK_WARM_UP).toMillis();
        long grace = c.get(ConfigKeys.LEAK_STARTUP_GRACE).toMillis();
        long afterGrace = startedInGrace ? Math.max(warmUp - grace, warmUp / 2) : warmUp;
        for (LeakResource r : LeakResource.values()) {
            TrendSettings t = s.trend(r);
            // native memory is a residual (RSS minus what the JVM accounts for) and settles last: compiler arenas
            // and malloc's high-water marks still climb after start-up, so it keeps the whole warm-up after the grace
            boolean whole = r == LeakResource.HEAP || r == LeakResource.NATIVE;
            s = s.with(r, t.withWarmUp(whole ? warmUp : afterGrace, t.minPoints()));
        }
        HysteresisSettings h = s.hysteresis();
        return s.with(new HysteresisSettings(c.get(ConfigKeys.LEAK_ESCALATE_AFTER).toMillis(), h.clearAfterMillis(),
                h.urgentExhaustionMillis(), h.leakingConfidence()));
    }

    static JvmFacts readFacts() {
        long maxHeap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
        double metaspaceMax = poolMax("Metaspace", -1);
        Long maxMetaspace = metaspaceMax > 0 ? (long) metaspaceMax : null;
        Long maxDirect = null;
        try {
            var hotspot = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            long configured = Long.parseLong(hotspot.getVMOption("MaxDirectMemorySize").getValue());
            if (configured > 0) maxDirect = configured;
        } catch (RuntimeException | LinkageError ignored) {
            // not HotSpot: the detector falls back to the max heap, which is the JDK's own default
        }
        Long maxFds = null;
        Long memory = null;
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) maxFds = unix.getMaxFileDescriptorCount();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) memory = sun.getTotalMemorySize();
        List<String> collectors = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) collectors.add(gc.getName());
        return new JvmFacts(maxHeap > 0 ? maxHeap : null, maxDirect, maxMetaspace, maxFds, memory, null,
                GcFootprint.fromCollectorNames(collectors));
    }

    /** One evaluation; called on the sampler thread right after the probes. */
    public void round() {
        long now = clockMillis.getAsLong();
        LeakReport previous = report;
        // the detectors' clocks count time, not rounds: judging every few rounds gives the same verdicts for less CPU
        if (previous != null && now - previous.evaluatedAtMillis() < EVALUATION_INTERVAL_MILLIS) return;
        LeakInputs inputs = LeakInputs.from(store, facts, now, startupEndMillis);
        LeakReport next = detectors.evaluate(inputs, previous);
        report = next;
        for (LeakFinding f : next.findings()) {
            LeakFinding before = previous == null ? null : previous.finding(f.resource());
            LeakStatus was = before == null ? LeakStatus.OK : before.status();
            if (was != f.status()) leakThread.execute(() -> onVerdictChange(f, was));
        }
        if (needsHeapAttribution(next, inputs.heapBaseline(), now)) {
            if (heapStepQueued.compareAndSet(false, true)) {
                leakThread.execute(() -> {
                    heapStepQueued.set(false);
                    heap.step();
                });
            }
        } else if (heap.active()) {
            leakThread.execute(heap::stop);
        }
        LeakFinding threads = next.finding(LeakResource.THREADS);
        if (threads != null && threads.status() != LeakStatus.OK) {
            if (threadStepQueued.compareAndSet(false, true)) {
                leakThread.execute(() -> {
                    threadStepQueued.set(false);
                    snapshotThreadGroups(now);
                });
            }
        } else if (!threadSuspects.isEmpty()) {
            leakThread.execute(() -> {
                threadSnapshots.clear();
                threadSuspects = List.of();
            });
        }
        if (config.get().get(ConfigKeys.RULES_ENABLED)) evaluateRules(now, inputs);
        forwardToServiceWatchdog(next, now);
    }

    /**
     * A service that runs under {@code ServiceRunner} with the opt-in watchdog is told about leaking findings, so it
     * can dump and exit for a restart before the resource runs out. At most once a minute; on the leak thread.
     */
    private void forwardToServiceWatchdog(LeakReport next, long now) {
        if (now - lastWatchdogMillis < WATCHDOG_FORWARD_INTERVAL_MILLIS) return;
        var watchdog = dev.vigil.service.ServiceRunner.current().flatMap(dev.vigil.service.ServiceRunner::watchdog);
        if (watchdog.isEmpty()) return;
        for (LeakFinding f : next.findings()) {
            if (f.status() != LeakStatus.LEAKING) continue;
            lastWatchdogMillis = now;
            var exhaustion = java.util.Optional.ofNullable(f.projectedExhaustionMillis())
                    .map(t -> Duration.ofMillis(Math.max(0, t - now)));
            var verdict = new dev.vigil.service.watchdog.LeakVerdict(f.resource().id(), f.status().id(), exhaustion,
                    f.evidence().reason());
            leakThread.execute(() -> watchdog.get().onVerdict(verdict));
        }
    }

    /**
     * Class histograms and JFR attribution run while the heap, direct buffers or loaded classes are not ok (the
     * growing objects are on the heap in each case: the data, the DirectByteBuffers, the class loaders), and while the
     * heap is ambiguous: its after-GC usage climbs but no collection has freed anything, so no trough says whether
     * it is live data or garbage waiting for a mixed collection. A live histogram runs a full GC, which answers that.
     */
    private boolean needsHeapAttribution(LeakReport r, HeapBaseline baseline, long now) {
        for (LeakResource resource : new LeakResource[] {LeakResource.HEAP, LeakResource.DIRECT,
                LeakResource.CLASSES}) {
            LeakFinding f = r.finding(resource);
            if (f != null && f.status() != LeakStatus.OK) return true;
        }
        LeakFinding heapFinding = r.finding(LeakResource.HEAP);
        return heapFinding != null && heapAmbiguous(heapFinding, baseline, now);
    }

    /** Share of the max heap the after-GC usage must have climbed for an unjudged heap to be worth a full GC. */
    static final double AMBIGUOUS_CLIMB_FRACTION = 0.05;

    private boolean heapAmbiguous(LeakFinding heapFinding, HeapBaseline baseline, long now) {
        if (heapFinding.evidence().verdict() != dev.vigil.core.leak.TrendVerdict.WARMING_UP) return false;
        if (now < jvmStartMillis + config.get().get(ConfigKeys.LEAK_WARM_UP).toMillis()) {
            return false; // still warming up for real
        }
        if (baseline.isFallback() || facts.maxHeapBytes() == null) return false;
        Series s = store.find(baseline.seriesName());
        if (s == null) return false;
        Series.Points p = s.snapshotSince(now - 30 * 60_000L);
        if (p.size() < 2) return false;
        double min = Double.MAX_VALUE;
        for (double v : p.values()) min = Math.min(min, v);
        return p.values()[p.size() - 1] - min > AMBIGUOUS_CLIMB_FRACTION * facts.maxHeapBytes();
    }

    /** The threshold rules, on the heap baseline and its after-GC points this round's detectors used. */
    private void evaluateRules(long now, LeakInputs inputs) {
        List<RuleResult> before = ruleResults;
        List<RuleResult> results = new ArrayList<>(2);
        double maxHeap = facts.maxHeapBytes() == null ? -1 : facts.maxHeapBytes();
        HeapBaseline baseline = inputs.heapBaseline();
        Series.Points afterGc = inputs.heapAfterGc();
        results.add(memoryRule.evaluate(points("heap.used_bytes"), maxHeap, afterGc, now));
        if (baseline.poolName() != null) {
            results.add(oldGenRule.evaluate(points(baseline.usedSeriesName()),
                    poolMax(baseline.poolName(), maxHeap), afterGc, now));
        }
        ruleResults = List.copyOf(results);
        for (RuleResult r : results) {
            RuleAction was = RuleAction.NONE;
            for (RuleResult b : before) {
                if (b.rule().equals(r.rule())) {
                    was = b.action();
                    break;
                }
            }
            if (r.action() != was && r.action() != RuleAction.NONE) leakThread.execute(() -> onRule(r));
        }
    }

    private void onVerdictChange(LeakFinding f, LeakStatus was) {
        String line = "leak verdict: " + f.resource().id() + " " + was.id() + " -> " + f.status().id() + " ("
                + f.evidence().reason() + ")";
        if (f.status() == LeakStatus.OK) AgentLog.info(line); else AgentLog.warn(line);
        notify("vigil: " + f.resource().id() + " " + f.status().id() + " in pid " + ProcessHandle.current().pid(),
                f.evidence().reason(), findingMap(f));
        if (f.resource() == LeakResource.HEAP && f.status() == LeakStatus.LEAKING
                && config.get().get(ConfigKeys.HEAPDUMP_ON_LEAK)) {
            heap.step(); // make sure the suspects are as fresh as they can be before the dump
            dumpAndAnalyse("heap-leaking");
        }
    }

    private void onRule(RuleResult r) {
        AgentLog.warn("rule " + r.rule() + ": " + r.reason() + " -> " + r.action().name().toLowerCase(Locale.ROOT));
        notify("vigil: rule " + r.rule() + " fired in pid " + ProcessHandle.current().pid(), r.reason(), r.toMap());
        if (r.action() == RuleAction.GC_AND_OBSERVE) {
            long now = clockMillis.getAsLong();
            if (lastGcRequestMillis == Long.MIN_VALUE || now - lastGcRequestMillis >= GC_REQUEST_MIN_INTERVAL_MILLIS) {
                lastGcRequestMillis = now;
                System.gc(); // the seed's "GC and observe": the next samples say whether usage was garbage
            }
        } else if (r.action() == RuleAction.HEAP_DUMP) {
            dumpAndAnalyse("rule-" + r.rule());
        }
    }

    private void dumpAndAnalyse(String reason) {
        HeapDumpArchive.Outcome outcome = archive.dump(reason);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("reason", reason);
        if (!outcome.taken()) {
            record.put("skipped", outcome.skippedBecause());
            AgentLog.info("automatic heap dump skipped: " + outcome.skippedBecause());
            lastHeapDump = record;
            return;
        }
        record.put("file", outcome.file().toString());
        record.put("bytes", outcome.bytes());
        record.put("millis", outcome.millis());
        AgentLog.warn("heap dump for " + reason + " written to " + outcome.file() + " (" + outcome.bytes()
                + " bytes, " + outcome.millis() + " ms)");
        lastHeapDump = record;
        if (dumpAnalysis == null) dumpAnalysis = DumpAnalysis.locate();
        try {
            JsonNode analysis = dumpAnalysis.analyze(outcome.file());
            List<Map<String, Object>> found = new ArrayList<>();
            Map<String, List<String>> paths = new HashMap<>();
            for (JsonNode s : DumpAnalysis.suspects(analysis)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("class", s.path("class").asText());
                m.put("retained_bytes", s.path("retained_bytes").asLong());
                m.put("retained_percent", s.path("retained_percent").asDouble());
                List<String> path = new ArrayList<>();
                s.path("path_to_gc_root").forEach(p -> path.add(p.asText()));
                m.put("path_to_gc_root", path);
                m.put("accumulation_point", s.path("accumulation_point").path("class").asText(null));
                found.add(m);
                paths.putIfAbsent(s.path("class").asText(), path);
            }
            record.put("analysis", Map.of("suspects", found));
            heap.addDumpPaths(paths);
            AgentLog.info("heap dump analysed: " + found.size() + " suspect(s)"
                    + (found.isEmpty() ? "" : ", biggest " + found.get(0).get("class")));
        } catch (Exception e) {
            record.put("analysis_error", e.getMessage());
            AgentLog.warn("heap dump analysis failed: " + e.getMessage());
        }
        lastHeapDump = record;
    }

    private void snapshotThreadGroups(long now) {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Map<String, Integer> counts = new HashMap<>();
        for (ThreadInfo info : bean.getThreadInfo(bean.getAllThreadIds(), THREAD_STACK_DEPTH)) {
            if (info == null) continue;
            List<String> frames = new ArrayList<>();
            for (StackTraceElement e : info.getStackTrace()) frames.add(e.getClassName() + "." + e.getMethodName());
            counts.merge(ThreadGroupKey.of(info.getThreadName(), info.getThreadState().name(), frames), 1,
                    Integer::sum);
        }
        threadSnapshots.addLast(new ThreadGroupSnapshot(now, counts));
        while (threadSnapshots.size() > THREAD_SNAPSHOTS_KEPT) threadSnapshots.removeFirst();
        List<Suspect> suspects = new ArrayList<>();
        for (GrowingThreadGroup g : detectors.threads().growingGroups(new ArrayList<>(threadSnapshots))) {
            List<String> parts = ThreadGroupKey.parts(g.key());
            suspects.add(new Suspect("threads " + parts.get(0), g.growth(), 0, List.of(),
                    parts.subList(1, parts.size()), null));
        }
        threadSuspects = List.copyOf(suspects);
    }

    private void notify(String title, String text, Map<String, Object> event) {
        if (notifier != null) notifier.send(new Notification(title, text, event));
    }

    /** The newest report, or null before the first round. */
    public LeakReport report() {
        return report;
    }

    /** The JSON of /debug/leaks: the public contract documented in the README. */
    public Map<String, Object> toMap() {
        LeakReport r = report;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", r == null ? LeakStatus.OK.id() : r.overall().id());
        List<Map<String, Object>> findings = new ArrayList<>();
        if (r != null) {
            for (LeakFinding f : r.findings()) if (f.status() != LeakStatus.OK) findings.add(findingMap(f));
        }
        m.put("findings", findings);
        m.put("evaluated_at", r == null ? null : java.time.Instant.ofEpochMilli(r.evaluatedAtMillis()).toString());
        List<Map<String, Object>> healthy = new ArrayList<>();
        if (r != null) {
            for (LeakFinding f : r.findings()) {
                if (f.status() != LeakStatus.OK) continue;
                Map<String, Object> h = new LinkedHashMap<>();
                h.put("resource", f.resource().id());
                boolean inGrace = f.resource() != LeakResource.HEAP && r.evaluatedAtMillis() < startupEndMillis;
                h.put("reason", inGrace ? "not judged before the JVM has run leak.startup-grace ("
                        + dev.vigil.core.config.DurationText.format(config.get().get(ConfigKeys.LEAK_STARTUP_GRACE))
                        + "): start-up growth is not a leak" : f.evidence().reason());
                healthy.add(h);
            }
        }
        m.put("ok", healthy);
        m.put("rules", ruleResults.stream().map(RuleResult::toMap).toList());
        m.put("attribution", heap.describe());
        m.put("heap_dump", lastHeapDump);
        return m;
    }

    /** {@link #toMap()}'s document before a monitor has evaluated anything: nothing judged yet. */
    public static Map<String, Object> beforeFirstEvaluation() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", LeakStatus.OK.id());
        m.put("findings", List.of());
        m.put("evaluated_at", null);
        m.put("ok", List.of());
        m.put("rules", List.of());
        m.put("attribution", HeapAttribution.describeIdle());
        m.put("heap_dump", null);
        return m;
    }

    Map<String, Object> findingMap(LeakFinding f) {
        Map<String, Object> map = new LinkedHashMap<>(f.toMap());
        List<Suspect> suspects = switch (f.resource()) {
            case HEAP -> heap.suspects();
            case THREADS -> threadSuspects;
            case DIRECT -> HeapAttribution.offHeapSuspects(heap.suspects(), HeapAttribution::isDirectBuffer);
            case CLASSES, METASPACE -> HeapAttribution.offHeapSuspects(heap.suspects(), HeapAttribution::isClassLoader);
            default -> List.of();
        };
        map.put("suspects", suspects.stream().map(Suspect::toMap).toList());
        return map;
    }

    private Series.Points points(String name) {
        Series s = store.find(name);
        return s == null ? null : s.snapshot();
    }

    /**
     * Looked up once, like every platform bean the agent reads periodically: {@code ManagementFactory} finds beans
     * through stream pipelines on every call, JDK code the host's hot paths share and whose profiles the agent must
     * not feed every round (see ProcessStats.OS).
     */
    private static final List<MemoryPoolMXBean> MEMORY_POOLS = ManagementFactory.getMemoryPoolMXBeans();

    private static double poolMax(String poolName, double fallback) {
        for (MemoryPoolMXBean pool : MEMORY_POOLS) {
            if (pool.getName().equals(poolName) && pool.getUsage().getMax() > 0) return pool.getUsage().getMax();
        }
        return fallback;
    }

    @Override
    public void close() {
        leakThread.shutdownNow();
        if (notifyThread != null) notifyThread.shutdownNow();
        heap.close();
    }
}
