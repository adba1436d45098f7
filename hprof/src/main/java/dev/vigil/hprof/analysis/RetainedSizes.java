package dev.vigil.hprof.analysis;

import dev.vigil.hprof.graph.LongLongHashMap;

import java.util.function.IntToLongFunction;

/**
 * Retained size of every reachable object: its shallow size plus the shallow sizes of all objects
 * it dominates, i.e. what the garbage collector would free if the object were gone. Shallow sizes
 * are read in node order (the dump nearly sequentially), then summed up the dominator tree in one
 * depth-first postorder walk of its children lists (a node is left after everything it dominates). Stored in
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

    /** Sees the walk that sums the retained sizes (see {@link #compute(DominatorTree, IntToLongFunction, Listener)}). */
    public interface Listener {
        /** Before the nodes {@code node} dominates. */
        void enter(int node);

        /** After them: {@code retainedBytes} is {@code node}'s retained size, final now. */
        void leave(int node, long retainedBytes);
    }

    public static RetainedSizes compute(DominatorTree tree, IntToLongFunction shallowBytes) {
        return compute(tree, shallowBytes, null);
    }

    /**
     * As {@link #compute(DominatorTree, IntToLongFunction)}; {@code alongside} (if not null) sees the same walk
     * of the dominator tree, so that a computation that needs it and the retained sizes takes no walk of its own.
     */
    public static RetainedSizes compute(DominatorTree tree, IntToLongFunction shallowBytes, Listener alongside) {
        return shallowSizes(tree, shallowBytes).sumUp(alongside);
    }

    /**
     * The first step of {@link #compute}: every reachable node's shallow size, in node order, into the
     * per-object array (it needs neither the references nor the children lists, so it can run while
     * the references are still in use); {@link ShallowSizes#sumUp} is the second.
     */
    static ShallowSizes shallowSizes(DominatorTree tree, IntToLongFunction shallowBytes) {
        int n = tree.nodeCount();
        char[] units = new char[n];
        LongLongHashMap big = new LongLongHashMap(1024);
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
            return new ShallowSizes(tree, units, big, null, total);
        }
        // sizes not in 8-byte units (another size model): a long per object
        units = null;
        long[] bytes = new long[n];
        for (int v = 0; v < n; v++) {
            if (tree.isReachable(v)) {
                bytes[v] = shallowBytes.applyAsLong(v);
            }
        }
        return new ShallowSizes(tree, null, null, bytes, total);
    }

    /** Shallow sizes in the per-object array (8-byte units, or bytes), to be summed up the dominator tree. */
    static final class ShallowSizes {
        private final DominatorTree tree;
        private final char[] units;
        private final LongLongHashMap big;
        private final long[] bytes;
        private final long totalBytes;

        private ShallowSizes(DominatorTree tree, char[] units, LongLongHashMap big, long[] bytes, long totalBytes) {
            this.tree = tree;
            this.units = units;
            this.big = big;
            this.bytes = bytes;
            this.totalBytes = totalBytes;
        }

        /**
         * Sums the sizes up the dominator tree in place, in one walk of its children lists (built if need
         * be), which {@code alongside} (if not null) sees too; call once.
         */
        RetainedSizes sumUp(Listener alongside) {
            tree.walk(new DominatorTree.Visitor() {
                @Override
                public void enter(int node) {
                    if (alongside != null) {
                        alongside.enter(node);
                    }
                }

                @Override
                public void leave(int v, int d) {
                    long size; // v's retained size, final now: everything it dominates has been left
                    if (units != null) { // 8-byte units, the size model's usual case
                        long u = units[v] != BIG ? units[v] : big.get(v + 1L, 0);
                        if (d >= 0) {
                            add(units, big, d, u);
                        }
                        size = 8 * u;
                    } else { // bytes, for another size model
                        size = bytes[v];
                        if (d >= 0) {
                            bytes[d] += size;
                        }
                    }
                    if (alongside != null) {
                        alongside.leave(v, size);
                    }
                }
            });
            return new RetainedSizes(units, big, bytes, totalBytes);
        }
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
