package dev.vigil.agent.probe;

import dev.vigil.core.series.SeriesStore;

/** Reads one part of the JVM or process state and records it as points. Knows nothing of detectors. */
public interface Probe {
    String name();

    /** Records the current readings; any exception is contained by {@link ProbeScheduler}. */
    void sample(SeriesStore store, long nowMillis) throws Exception;
}
