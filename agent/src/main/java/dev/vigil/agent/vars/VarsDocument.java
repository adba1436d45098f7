package dev.vigil.agent.vars;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.agent.probe.GcProbe;
import dev.vigil.agent.probe.ProbeStatus;
import dev.vigil.agent.probe.ProcessProbe;
import dev.vigil.agent.probe.ProcessStats;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Builds the expvar-style JSON of /debug/vars: {@code cmdline}, {@code memstats} (the JVM's counterpart of Go's
 * runtime.MemStats), {@code vigil} (the agent's own health) and every published var at the top level.
 * Read at request time from the MXBeans, so the answer is current; only the process readings from /proc (RSS,
 * descriptors, page faults), the CPU load and the pools' after-GC usage are those of the newest sampling round.
 */
public final class VarsDocument {
    private static final java.util.regex.Pattern TOKEN_OPTION = java.util.regex.Pattern.compile("(auth\\.token=)[^,\\s]*");
    private final ObjectMapper mapper;
    private final Supplier<Map<String, GcProbe.AfterGc>> afterGcByPool;
    private final PublishedVars published;
    private final Supplier<List<ProbeStatus>> probeStatuses;
    private final Supplier<Map<String, Object>> agentFacts;
    private final Supplier<ProcessProbe.Reading> process;
    // What cannot change while the JVM runs is looked up once: per request it was most of the cost (issue 2)
    private final List<String> cmdline;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<MemoryPoolMXBean> memoryPools = ManagementFactory.getMemoryPoolMXBeans();
    private final List<GarbageCollectorMXBean> collectorBeans = ManagementFactory.getGarbageCollectorMXBeans();
    private final List<BufferPoolMXBean> bufferPools = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class);
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    private final RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
    private final long pid = ProcessHandle.current().pid();
    private final Map<String, Converted> converted = new ConcurrentHashMap<>();

    /**
     * @param afterGcByPool per pool, the usage after the newest collection (the GC probe's, as of the last round)
     * @param process the newest reading of the process probe: RSS, descriptors, page faults and CPU load come from
     *                the last sampling round rather than from /proc and the cgroup files at every request
     */
    public VarsDocument(ObjectMapper mapper, Supplier<Map<String, GcProbe.AfterGc>> afterGcByPool,
                        PublishedVars published, Supplier<List<ProbeStatus>> probeStatuses,
                        Supplier<Map<String, Object>> agentFacts, Supplier<ProcessProbe.Reading> process) {
        this.mapper = mapper;
        this.afterGcByPool = afterGcByPool;
        this.published = published;
        this.probeStatuses = probeStatuses;
        this.agentFacts = agentFacts;
        this.process = process;
        List<String> line = new ArrayList<>();
        runtime.getInputArguments().forEach(arg -> line.add(maskToken(arg)));
        String command = System.getProperty("sun.java.command");
        if (command != null) line.addAll(List.of(command.split(" ")));
        this.cmdline = List.copyOf(line);
    }

    public ObjectNode build() {
        ObjectNode root = mapper.createObjectNode();
        ArrayNode line = root.putArray("cmdline");
        cmdline.forEach(line::add);
        root.set("memstats", memstats());
        root.set("vigil", vigil());
        // the service lifecycle, when the process runs under ServiceRunner (looked up per request: it may start later)
        dev.vigil.service.ServiceRunner.current().ifPresent(r -> root.set("service", mapper.valueToTree(r.vars())));
        for (Map.Entry<String, Supplier<?>> var : published.snapshot().entrySet()) {
            try {
                root.set(var.getKey(), mapper.valueToTree(var.getValue().get()));
            } catch (RuntimeException e) { // a failing supplier of the host's shows as an error, not a 500
                root.putObject(var.getKey()).put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        return root;
    }

    private ObjectNode memstats() {
        ObjectNode m = mapper.createObjectNode();
        usage(m.putObject("heap"), memory.getHeapMemoryUsage());
        usage(m.putObject("nonheap"), memory.getNonHeapMemoryUsage());

        Map<String, GcProbe.AfterGc> afterGc = afterGcByPool.get();
        ObjectNode pools = m.putObject("pools");
        for (MemoryPoolMXBean pool : memoryPools) {
            if (!pool.isValid()) continue;
            ObjectNode p = pools.putObject(pool.getName());
            p.put("type", pool.getType().name().toLowerCase(java.util.Locale.ROOT).replace("_", ""));
            usage(p, pool.getUsage());
            GcProbe.AfterGc after = afterGc.get(pool.getName());
            if (after != null) {
                p.put("after_gc_used_bytes", after.usedBytes());
                p.put("after_gc_time_millis", after.timeMillis());
                p.put("after_gc_collector", after.collector());
            }
        }

        ObjectNode gcNode = m.putObject("gc");
        long count = 0, pauseMillis = 0;
        ObjectNode collectors = gcNode.putObject("collectors");
        for (GarbageCollectorMXBean gcBean : collectorBeans) {
            ObjectNode c = collectors.putObject(gcBean.getName());
            c.put("count", gcBean.getCollectionCount());
            c.put("time_millis", gcBean.getCollectionTime());
            boolean pauses = GcProbe.isPauseCollector(gcBean.getName());
            c.put("pauses", pauses);
            count += Math.max(0, gcBean.getCollectionCount());
            if (pauses) pauseMillis += Math.max(0, gcBean.getCollectionTime());
        }
        gcNode.put("count_total", count);
        gcNode.put("pause_total_millis", pauseMillis);

        ObjectNode t = m.putObject("threads");
        t.put("live", threads.getThreadCount());
        t.put("daemon", threads.getDaemonThreadCount());
        t.put("peak", threads.getPeakThreadCount());
        t.put("started_total", threads.getTotalStartedThreadCount());

        ObjectNode c = m.putObject("classes");
        c.put("loaded", classes.getLoadedClassCount());
        c.put("loaded_total", classes.getTotalLoadedClassCount());
        c.put("unloaded_total", classes.getUnloadedClassCount());

        ObjectNode buffers = m.putObject("buffer_pools");
        for (BufferPoolMXBean pool : bufferPools) {
            ObjectNode b = buffers.putObject(pool.getName());
            b.put("count", pool.getCount());
            b.put("used_bytes", pool.getMemoryUsed());
            b.put("capacity_bytes", pool.getTotalCapacity());
        }

        ProcessProbe.Reading reading = this.process.get();
        ProcessStats process = reading.stats();
        ObjectNode cpu = m.putObject("cpu");
        cpu.put("available_processors", os.getAvailableProcessors());
        cpu.put("system_load_average", os.getSystemLoadAverage());
        // CPU time is one cheap call, so it is current; the load is over the last sampling interval
        long cpuNanos = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
        if (cpuNanos >= 0) cpu.put("process_cpu_seconds_total", cpuNanos / 1e9);
        if (reading.cpuLoad() >= 0) cpu.put("process_cpu_load", reading.cpuLoad());

        ObjectNode p = m.putObject("process");
        putIfKnown(p, "rss_bytes", process.rssBytes());
        putIfKnown(p, "rss_anon_bytes", process.rssAnonymousBytes());
        putIfKnown(p, "virtual_bytes", process.virtualBytes());
        putIfKnown(p, "open_fds", process.openFds());
        putIfKnown(p, "max_fds", process.maxFds());
        putIfKnown(p, "page_faults_minor_total", process.minorFaults());
        putIfKnown(p, "page_faults_major_total", process.majorFaults());
        p.put("uptime_millis", runtime.getUptime());
        p.put("pid", pid);
        return m;
    }

    private ObjectNode vigil() {
        ObjectNode v = mapper.createObjectNode();
        agentFacts.get().forEach((k, value) -> v.set(k, toTree(k, value)));
        ObjectNode probes = v.putObject("probes");
        for (ProbeStatus s : probeStatuses.get()) {
            ObjectNode p = probes.putObject(s.name());
            p.put("status", s.healthy() ? "ok" : "failing");
            p.put("samples", s.samples());
            p.put("failures", s.failures());
            if (s.lastError() != null) p.put("last_error", s.lastError());
        }
        return v;
    }

    /**
     * A fact that is the same object as at the previous request (the config and its problems, which change only on a
     * reload) is not converted again; the facts supplier must hand out a new object when the content changes.
     */
    private JsonNode toTree(String key, Object value) {
        if (!(value instanceof Map<?, ?> || value instanceof Collection<?>)) return mapper.valueToTree(value);
        Converted before = converted.get(key);
        if (before != null && before.value() == value) return before.node();
        JsonNode node = mapper.valueToTree(value);
        converted.put(key, new Converted(value, node));
        return node;
    }

    private record Converted(Object value, JsonNode node) {
    }

    /** The agent's own token must not be shown to whoever reads /debug/vars, e.g. from -javaagent:vigil.jar=auth.token=x. */
    static String maskToken(String argument) {
        return TOKEN_OPTION.matcher(argument).replaceAll("$1******");
    }

    private static void usage(ObjectNode node, MemoryUsage usage) {
        node.put("used_bytes", usage.getUsed());
        node.put("committed_bytes", usage.getCommitted());
        node.put("max_bytes", usage.getMax());
    }

    private static void putIfKnown(ObjectNode node, String key, long value) {
        if (value >= 0) node.put(key, value);
    }
}
