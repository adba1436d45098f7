package dev.vigil.hprof.analysis;

import dev.vigil.hprof.graph.HeapGraph;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds leak suspects the way Eclipse MAT's leak-suspects report does: among the top-level
 * dominators (objects dominated only by the virtual root), each single object that retains more
 * than {@code thresholdFraction} of the reachable heap is a suspect; the remaining top-level
 * dominators are grouped by class and each group above the threshold is a suspect. For each, the
 * accumulation point is found by walking down the dominator tree into the biggest child while that
 * child still retains at least {@code accumulationRatio} of its parent.
 */
public final class LeakSuspects {
    public static final double DEFAULT_THRESHOLD_FRACTION = 0.10;
    public static final double DEFAULT_ACCUMULATION_RATIO = 0.70;

    private LeakSuspects() {
    }

    public static List<LeakSuspect> find(HeapGraph graph, DominatorTree tree, RetainedSizes retained, PathToGcRoot paths,
                                         double thresholdFraction, double accumulationRatio) {
        long total = retained.totalReachableBytes();
        long threshold = (long) Math.ceil(total * thresholdFraction);
        int[] top = tree.children(DominatorTree.VIRTUAL_ROOT);
        List<LeakSuspect> suspects = new ArrayList<>();
        Map<Integer, long[]> groups = new HashMap<>(); // class index -> {retained, count, biggest node}
        for (int v : top) {
            long r = retained.retainedBytes(v);
            if (r > threshold && total > 0) {
                suspects.add(suspect(graph, tree, retained, paths, LeakSuspect.Kind.OBJECT, v, 1, r, total, accumulationRatio));
            } else {
                long[] g = groups.computeIfAbsent(graph.classIndexOf(v), k -> new long[] {0, 0, v});
                g[0] += r;
                g[1]++;
                if (r > retained.retainedBytes((int) g[2])) {
                    g[2] = v;
                }
            }
        }
        for (long[] g : groups.values()) {
            if (g[0] > threshold && g[1] > 1 && total > 0) {
                suspects.add(suspect(graph, tree, retained, paths, LeakSuspect.Kind.CLASS, (int) g[2], g[1], g[0], total, accumulationRatio));
            }
        }
        suspects.sort(Comparator.comparingLong(LeakSuspect::retainedBytes).reversed());
        return suspects;
    }

    /** Walks into the biggest dominated child while it keeps at least {@code ratio} of its parent's retained size. */
    public static int accumulationPoint(DominatorTree tree, RetainedSizes retained, int node, double ratio) {
        int current = node;
        while (true) {
            int count = tree.childCount(current);
            if (count == 0) {
                return current;
            }
            int biggest = -1;
            long biggestBytes = -1;
            for (int i = 0; i < count; i++) {
                int c = tree.child(current, i);
                long r = retained.retainedBytes(c);
                if (r > biggestBytes) {
                    biggestBytes = r;
                    biggest = c;
                }
            }
            if (biggestBytes < ratio * retained.retainedBytes(current)) {
                return current;
            }
            current = biggest;
        }
    }

    private static LeakSuspect suspect(HeapGraph graph, DominatorTree tree, RetainedSizes retained, PathToGcRoot paths,
                                       LeakSuspect.Kind kind, int node, long instances, long retainedBytes, long total, double ratio) {
        int point = accumulationPoint(tree, retained, node, ratio);
        String className = kind == LeakSuspect.Kind.OBJECT ? graph.typeName(node) : graph.classOf(node).name();
        return new LeakSuspect(kind, className, instances, retainedBytes, 100.0 * retainedBytes / total,
                kind == LeakSuspect.Kind.OBJECT ? hex(graph.objectId(node)) : null,
                graph.typeName(point), hex(graph.objectId(point)), retained.retainedBytes(point), paths.describe(point));
    }

    static String hex(long id) {
        return "0x" + Long.toHexString(id);
    }
}
