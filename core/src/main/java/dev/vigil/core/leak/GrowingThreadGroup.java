package dev.vigil.core.leak;

/**
 * A thread group whose size grows across snapshots: the JVM's goroutine leak.
 *
 * @param key              the group key
 * @param firstCount       threads in the group in the first snapshot (0 if absent)
 * @param lastCount        threads in the newest snapshot
 * @param growth           lastCount − firstCount
 * @param threadsPerMinute growth divided by the time between first and newest snapshot
 * @param risingSteps      steps between consecutive snapshots in which the group did not shrink
 * @param steps            steps in all
 */
public record GrowingThreadGroup(String key, int firstCount, int lastCount, int growth, double threadsPerMinute,
                                 int risingSteps, int steps) {
    /** A suspect line for a finding: "+37 threads (3 → 40, 1.2/min): key". */
    public String describe() {
        return "+" + growth + " threads (" + firstCount + " -> " + lastCount + ", "
                + UnitFormat.fixed(threadsPerMinute, 2) + "/min): " + key;
    }
}
