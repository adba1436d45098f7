package dev.vigil.agent.probe;

import dev.vigil.core.series.SeriesStore;

/** Resident memory, open descriptors and CPU time of the whole process. */
public final class ProcessProbe implements Probe {
    @Override
    public String name() {
        return "process";
    }

    @Override
    public void sample(SeriesStore store, long now) {
        ProcessStats stats = ProcessStats.read();
        recordIfKnown(store, "process.rss_bytes", "bytes", now, stats.rssBytes());
        recordIfKnown(store, "process.open_fds", "fds", now, stats.openFds());
        recordIfKnown(store, "process.cpu_seconds", "seconds", now,
                stats.cpuNanos() < 0 ? -1 : stats.cpuNanos() / 1e9);
    }

    private static void recordIfKnown(SeriesStore store, String name, String unit, long now, double value) {
        if (value >= 0) store.record(name, unit, now, value);
    }
}
