package dev.vigil.hprof.analysis;

import java.util.List;

/**
 * A leak suspect in Eclipse MAT's sense: one object ({@link Kind#OBJECT}) or the instances of one
 * class ({@link Kind#CLASS}) among the top-level dominators that retain more than the threshold
 * share of the heap, with the accumulation point (where the retained memory fans out into many
 * small objects) and the shortest path from a GC root to the accumulation point.
 */
public record LeakSuspect(
        Kind kind,
        String className,
        long instances,
        long retainedBytes,
        double retainedPercent,
        String objectId,
        String accumulationPointClass,
        String accumulationPointId,
        long accumulationPointRetainedBytes,
        List<String> pathToGcRoot) {

    public enum Kind {
        OBJECT, CLASS;

        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
