package dev.vigil.hprof.analysis;

import java.util.function.IntToLongFunction;

/**
 * Retained size of every reachable object: its shallow size plus the shallow sizes of all objects
 * it dominates, i.e. what the garbage collector would free if the object were gone. Shallow sizes
 * are read in node order (the dump nearly sequentially), then summed up the dominator tree in one
 * depth-first postorder pass over the graph (a node is left after everything it dominates). Stored in 8-byte units in an {@code int} per object (4 bytes) when the
 * reachable heap is under 16 GiB, else in a {@code long} per object.
 */
public final class RetainedSizes {
    private final int[] units;
    private final long[] bytes;
    private final long totalBytes;

    private RetainedSizes(int[] units, long[] bytes, long totalBytes) {
        this.units = units;
        this.bytes = bytes;
        this.totalBytes = totalBytes;
    }

    public static RetainedSizes compute(DominatorTree tree, IntToLongFunction shallowBytes) {
        int n = tree.nodeCount();
        int[] units = new int[n];
        long total = 0;
        boolean aligned = true;
        for (int v = 0; v < n; v++) {
            if (tree.isReachable(v)) {
                long s = shallowBytes.applyAsLong(v);
                aligned &= (s & 7) == 0 && (s >>> 3) <= Integer.MAX_VALUE;
                units[v] = (int) (s >>> 3);
                total += s;
            }
        }
        if (aligned && (total >>> 3) <= Integer.MAX_VALUE) {
            int[] u = units;
            tree.forEachBottomUp(v -> {
                int d = tree.immediateDominator(v);
                if (d >= 0) {
                    u[d] += u[v];
                }
            });
            return new RetainedSizes(units, null, total);
        }
        units = null;
        long[] retained = new long[n];
        for (int v = 0; v < n; v++) {
            if (tree.isReachable(v)) {
                retained[v] = shallowBytes.applyAsLong(v);
            }
        }
        tree.forEachBottomUp(v -> {
            int d = tree.immediateDominator(v);
            if (d >= 0) {
                retained[d] += retained[v];
            }
        });
        return new RetainedSizes(null, retained, total);
    }

    /** Retained bytes of a node (0 for unreachable nodes). */
    public long retainedBytes(int node) {
        return units != null ? 8L * (units[node] & 0xffff_ffffL) : bytes[node];
    }

    /** Total shallow bytes of all reachable objects (what the virtual root retains). */
    public long totalReachableBytes() {
        return totalBytes;
    }
}
