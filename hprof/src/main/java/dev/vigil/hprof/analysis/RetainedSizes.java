package dev.vigil.hprof.analysis;

import dev.vigil.hprof.graph.LongLongHashMap;

import java.util.function.IntToLongFunction;

/**
 * Retained size of every reachable object: its shallow size plus the shallow sizes of all objects
 * it dominates, i.e. what the garbage collector would free if the object were gone. Shallow sizes
 * are read in node order (the dump nearly sequentially), then summed up the dominator tree in one
 * depth-first postorder pass over the graph (a node is left after everything it dominates). Stored in
 * 8-byte units in a {@code char} per object (2 bytes) when sizes are multiples of 8, the few objects
 * retaining 512 KiB or more in a hash map; else in a {@code long} per object.
 */
public final class RetainedSizes {
    /** in {@link #units}: the size is in {@link #big} */
    private static final char BIG = Character.MAX_VALUE;

    private final char[] units;
    /** node + 1 -> retained 8-byte units, for the nodes marked BIG */
    private final LongLongHashMap big;
    private final long[] bytes;
    private final long totalBytes;

    private RetainedSizes(char[] units, LongLongHashMap big, long[] bytes, long totalBytes) {
        this.units = units;
        this.big = big;
        this.bytes = bytes;
        this.totalBytes = totalBytes;
    }

    public static RetainedSizes compute(DominatorTree tree, IntToLongFunction shallowBytes) {
        int n = tree.nodeCount();
        final char[] units = new char[n];
        final LongLongHashMap big = new LongLongHashMap(1024);
        long total = 0;
        boolean aligned = true;
        for (int v = 0; v < n; v++) {
            if (tree.isReachable(v)) {
                long s = shallowBytes.applyAsLong(v);
                aligned &= (s & 7) == 0;
                add(units, big, v, s >>> 3);
                total += s;
            }
        }
        if (aligned) {
            tree.forEachBottomUp(v -> {
                int d = tree.immediateDominator(v);
                if (d >= 0) {
                    add(units, big, d, units[v] != BIG ? units[v] : big.get(v + 1L, 0));
                }
            });
            return new RetainedSizes(units, big, null, total);
        }
        // sizes not in 8-byte units (another size model): a long per object
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
        return new RetainedSizes(null, null, retained, total);
    }

    /** Adds {@code x} units to node {@code v}'s size, moving it to the map once it no longer fits a char. */
    private static void add(char[] units, LongLongHashMap big, int v, long x) {
        char c = units[v];
        if (c == BIG) {
            big.addTo(v + 1L, x);
            return;
        }
        long sum = c + x;
        if (sum < BIG) {
            units[v] = (char) sum;
        } else {
            units[v] = BIG;
            big.put(v + 1L, sum);
        }
    }

    /** Retained bytes of a node (0 for unreachable nodes). */
    public long retainedBytes(int node) {
        if (units == null) {
            return bytes[node];
        }
        char c = units[node];
        return 8L * (c != BIG ? c : big.get(node + 1L, 0));
    }

    /** Total shallow bytes of all reachable objects (what the virtual root retains). */
    public long totalReachableBytes() {
        return totalBytes;
    }
}
