package dev.vigil.hprof.analysis;

import java.util.List;
import java.util.Map;

/** What {@link HeapDiff} needs of one analysis; small enough to keep after the graph is closed. */
public record HeapSummary(long objects, long shallowBytes, long unreachableObjects,
                          List<ClassHistogram.Row> histogram, Map<String, Long> dominatorPathRetainedBytes) {
}
