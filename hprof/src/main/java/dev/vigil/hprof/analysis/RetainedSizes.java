package dev.vigil.hprof.analysis;

import java.util.function.IntToLongFunction;

/**
 * Retained size of every reachable object: its shallow size plus the shallow sizes of all objects
 * it dominates, i.e. what the garbage collector would free if the object were gone. One pass in
 * reverse preorder of the dominator tree; 8 bytes per object.
 */
public final class RetainedSizes {
    private final long[] retainedBytes;
    private final long totalBytes;

    private RetainedSizes(long[] retainedBytes, long totalBytes) {
        this.retainedBytes = retainedBytes;
        this.totalBytes = totalBytes;
    }

    public static RetainedSizes compute(DominatorTree tree, IntToLongFunction shallowBytes) {
        long[] retained = new long[tree.nodeCount()];
        long total = 0;
        for (int i = tree.reachableCount() - 1; i >= 0; i--) {
            int v = tree.preorderNode(i);
            long own = retained[v] + shallowBytes.applyAsLong(v);
            retained[v] = own;
            int d = tree.immediateDominator(v);
            if (d >= 0) {
                retained[d] += own;
            } else {
                total += own;
            }
        }
        return new RetainedSizes(retained, total);
    }

    /** Retained bytes of a node (0 for unreachable nodes). */
    public long retainedBytes(int node) {
        return retainedBytes[node];
    }

    /** Total shallow bytes of all reachable objects (what the virtual root retains). */
    public long totalReachableBytes() {
        return totalBytes;
    }
}
