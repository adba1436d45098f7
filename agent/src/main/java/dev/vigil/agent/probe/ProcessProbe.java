package dev.vigil.agent.probe;

import dev.vigil.core.series.SeriesStore;

/**
 * Resident memory, open descriptors and CPU time of the whole process. Keeps the newest reading so /debug/vars and
 * /metrics answer from it instead of reading /proc and the cgroup files again on every request.
 */
public final class ProcessProbe implements Probe {
    /** The newest reading and the process CPU load since the one before (-1 until there are two). */
    public record Reading(ProcessStats stats, double cpuLoad) {
    }

    private final int processors = Runtime.getRuntime().availableProcessors();
    private volatile Reading latest;
    private long previousCpuNanos = -1;
    private long previousWallNanos;

    @Override
    public String name() {
        return "process";
    }

    @Override
    public void sample(SeriesStore store, long now) {
        ProcessStats stats = ProcessStats.read();
        long wall = System.nanoTime();
        double load = -1;
        if (previousCpuNanos >= 0 && stats.cpuNanos() >= 0 && wall > previousWallNanos) {
            load = Math.min(1, (stats.cpuNanos() - previousCpuNanos) / ((double) (wall - previousWallNanos) * processors));
        }
        previousCpuNanos = stats.cpuNanos();
        previousWallNanos = wall;
        latest = new Reading(stats, load);
        recordIfKnown(store, "process.rss_bytes", "bytes", now, stats.rssBytes());
        recordIfKnown(store, "process.rss_anon_bytes", "bytes", now, stats.rssAnonymousBytes());
        recordIfKnown(store, "process.open_fds", "fds", now, stats.openFds());
        recordIfKnown(store, "process.cpu_seconds", "seconds", now,
                stats.cpuNanos() < 0 ? -1 : stats.cpuNanos() / 1e9);
    }

    /** The newest reading, or one read now when no round has run yet. */
    public Reading latest() {
        Reading r = latest;
        return r != null ? r : new Reading(ProcessStats.read(), -1);
    }

    private static void recordIfKnown(SeriesStore store, String name, String unit, long now, double value) {
        if (value >= 0) store.record(name, unit, now, value);
    }
}
