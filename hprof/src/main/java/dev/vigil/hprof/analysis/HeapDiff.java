package dev.vigil.hprof.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Difference of two dumps of the same process: per-class deltas of instances, shallow and retained
 * bytes, and the dominator paths whose retained size grew. Only the two {@link HeapSummary}s are
 * needed, so the two graphs never have to be in memory together.
 */
public final class HeapDiff {
    public record ClassDelta(String className, long instancesDelta, long shallowBytesDelta, long retainedBytesDelta,
                             long baseInstances, long currentInstances) {
    }

    public record PathDelta(String path, long baseRetainedBytes, long currentRetainedBytes) {
        public long retainedBytesDelta() {
            return currentRetainedBytes - baseRetainedBytes;
        }
    }

    private final HeapSummary base;
    private final HeapSummary current;
    private final List<ClassDelta> classes;
    private final List<PathDelta> grownPaths;

    private HeapDiff(HeapSummary base, HeapSummary current, List<ClassDelta> classes, List<PathDelta> grownPaths) {
        this.base = base;
        this.current = current;
        this.classes = classes;
        this.grownPaths = grownPaths;
    }

    public static HeapDiff compare(HeapSummary base, HeapSummary current) {
        Map<String, ClassHistogram.Row> before = new HashMap<>();
        for (ClassHistogram.Row r : base.histogram()) {
            before.put(r.className(), r);
        }
        Map<String, ClassHistogram.Row> after = new HashMap<>();
        for (ClassHistogram.Row r : current.histogram()) {
            after.put(r.className(), r);
        }
        Set<String> names = new HashSet<>(before.keySet());
        names.addAll(after.keySet());
        ClassHistogram.Row zero = new ClassHistogram.Row("", 0, 0, 0);
        List<ClassDelta> deltas = new ArrayList<>();
        for (String name : names) {
            ClassHistogram.Row b = before.getOrDefault(name, zero);
            ClassHistogram.Row a = after.getOrDefault(name, zero);
            ClassDelta d = new ClassDelta(name, a.instances() - b.instances(), a.shallowBytes() - b.shallowBytes(),
                    Math.max(a.retainedBytes(), 0) - Math.max(b.retainedBytes(), 0), b.instances(), a.instances());
            if (d.instancesDelta() != 0 || d.shallowBytesDelta() != 0 || d.retainedBytesDelta() != 0) {
                deltas.add(d);
            }
        }
        deltas.sort(Comparator.comparingLong((ClassDelta d) -> d.shallowBytesDelta()).reversed()
                .thenComparing(Comparator.comparingLong((ClassDelta d) -> d.retainedBytesDelta()).reversed())
                .thenComparing(ClassDelta::className));
        Set<String> paths = new HashSet<>(base.dominatorPathRetainedBytes().keySet());
        paths.addAll(current.dominatorPathRetainedBytes().keySet());
        List<PathDelta> grown = new ArrayList<>();
        for (String p : paths) {
            long b = base.dominatorPathRetainedBytes().getOrDefault(p, 0L);
            long a = current.dominatorPathRetainedBytes().getOrDefault(p, 0L);
            if (a > b) {
                grown.add(new PathDelta(p, b, a));
            }
        }
        // biggest growth first; on a tie the longer (more specific) path first
        grown.sort(Comparator.comparingLong(PathDelta::retainedBytesDelta).reversed()
                .thenComparing(Comparator.comparingInt((PathDelta d) -> d.path().length()).reversed())
                .thenComparing(PathDelta::path));
        return new HeapDiff(base, current, deltas, grown);
    }

    public HeapSummary base() {
        return base;
    }

    public HeapSummary current() {
        return current;
    }

    /** Classes that changed, biggest shallow growth first. */
    public List<ClassDelta> classes() {
        return classes;
    }

    /** Dominator paths whose retained bytes grew, biggest growth first. */
    public List<PathDelta> grownDominatorPaths() {
        return grownPaths;
    }
}
