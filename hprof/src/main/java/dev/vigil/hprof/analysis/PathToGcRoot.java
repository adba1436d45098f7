package dev.vigil.hprof.analysis;

import dev.vigil.hprof.graph.HeapGraph;
import dev.vigil.hprof.graph.ReferenceGraph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shortest paths from GC roots to every object, by breadth-first search that does not follow the
 * {@code referent} of weak, soft and phantom references. Objects reachable only through such a
 * referent get a path through it in a second stage, and that step is labelled as a referent.
 * 4 bytes per object.
 */
public final class PathToGcRoot {
    private static final int NOT_REACHED = -2;
    private static final int ROOT = -1;

    private final HeapGraph graph;
    private final int[] parent;
    /** with a dominator tree: its trivial nodes, which have no slot in parent (else null) */
    private final DominatorTree tree;
    private final long[] skip;
    private final int[] slotBase;

    private PathToGcRoot(HeapGraph graph, int[] parent, DominatorTree tree, long[] skip, int[] slotBase) {
        this.graph = graph;
        this.parent = parent;
        this.tree = tree;
        this.skip = skip;
        this.slotBase = slotBase;
    }

    public static PathToGcRoot compute(HeapGraph graph) {
        return new PathToGcRoot(graph, shortestPathParents(graph.references(), graph.gcRoots(), null, null), null, null, null);
    }

    /** As {@link #compute(HeapGraph)}, storing parents only for the tree's non-trivial nodes. */
    static PathToGcRoot compute(HeapGraph graph, DominatorTree tree) {
        long[] skip = tree.trivialBits();
        int[] slotBase = slotBases(skip);
        int[] parent = shortestPathParents(graph.references(), graph.gcRoots(), skip, slotBase);
        return new PathToGcRoot(graph, parent, tree, skip, slotBase);
    }

    /** BFS parents: -1 for roots, -2 for unreached nodes. */
    static int[] shortestPathParents(ReferenceGraph g, int[] roots) {
        return shortestPathParents(g, roots, null, null);
    }

    /** Per bitmap word: the number of unskipped nodes before it (their slots in the parent array). */
    private static int[] slotBases(long[] skip) {
        int[] base = new int[skip.length + 1];
        for (int i = 0; i < skip.length; i++) {
            base[i + 1] = base[i] + Long.bitCount(~skip[i]);
        }
        return base;
    }

    private static int slot(int v, long[] skip, int[] slotBase) {
        return skip == null ? v : slotBase[v >>> 6] + Long.bitCount(~skip[v >>> 6] & ((1L << v) - 1));
    }

    private static boolean skipped(int v, long[] skip) {
        return skip != null && (skip[v >>> 6] & (1L << v)) != 0;
    }

    /**
     * BFS parents (-1 for roots, -2 for unreached nodes), indexed by node, or with {@code skip} by
     * {@link #slot}: skipped nodes are neither visited nor given a slot (a skipped node must have
     * references only to skipped nodes and roots, so no path to another node goes through it).
     */
    static int[] shortestPathParents(ReferenceGraph g, int[] roots, long[] skip, int[] slotBase) {
        int n = g.nodeCount();
        int[] parent = new int[skip == null ? n : slotBase[slotBase.length - 1]];
        Arrays.fill(parent, NOT_REACHED);
        // FIFO queue as a growable ring buffer: it holds the BFS frontier, not every reached node
        int[] queue = new int[Math.max(16, Integer.highestOneBit(Math.max(1, Math.min(n, 1 << 16))))];
        int head = 0;
        int size = 0;
        for (int r : roots) {
            if (parent[slot(r, skip, slotBase)] == NOT_REACHED) {
                parent[slot(r, skip, slotBase)] = ROOT;
                if (size == queue.length) {
                    queue = grow(queue, head, size);
                    head = 0;
                }
                queue[(head + size++) & (queue.length - 1)] = r;
            }
        }
        int[] weakHolders = new int[16]; // reached nodes with a weak edge, in BFS order
        int weakCount = 0;
        while (size > 0) {
            int v = queue[head];
            head = (head + 1) & (queue.length - 1);
            size--;
            boolean weak = false;
            for (int e = g.start(v), end = g.end(v); e < end; e++) {
                int raw = g.raw(e);
                if (raw < 0) {
                    weak = true;
                } else if (!skipped(raw, skip) && parent[slot(raw, skip, slotBase)] == NOT_REACHED) {
                    parent[slot(raw, skip, slotBase)] = v;
                    if (size == queue.length) {
                        queue = grow(queue, head, size);
                        head = 0;
                    }
                    queue[(head + size++) & (queue.length - 1)] = raw;
                }
            }
            int c = g.implicitTarget(v); // the implicit class edge (strong)
            if (c >= 0 && !skipped(c, skip) && parent[slot(c, skip, slotBase)] == NOT_REACHED) {
                parent[slot(c, skip, slotBase)] = v;
                if (size == queue.length) {
                    queue = grow(queue, head, size);
                    head = 0;
                }
                queue[(head + size++) & (queue.length - 1)] = c;
            }
            if (weak) {
                if (weakCount == weakHolders.length) {
                    weakHolders = Arrays.copyOf(weakHolders, weakCount * 2);
                }
                weakHolders[weakCount++] = v;
            }
        }
        // second stage: allow referents. Equivalent to rescanning everything reached so far in BFS order
        // (their strong targets are all reached already), then whatever that adds.
        for (int k = 0; k < weakCount; k++) {
            int v = weakHolders[k];
            for (int e = g.start(v), end = g.end(v); e < end; e++) {
                int w = g.target(e);
                if (skipped(w, skip)) continue;
                int slot = slot(w, skip, slotBase);
                if (parent[slot] == NOT_REACHED) {
                    parent[slot] = v;
                    if (size == queue.length) {
                        queue = grow(queue, head, size);
                        head = 0;
                    }
                    queue[(head + size++) & (queue.length - 1)] = w;
                }
            }
        }
        while (size > 0) {
            int v = queue[head];
            head = (head + 1) & (queue.length - 1);
            size--;
            for (int e = g.start(v), end = g.end(v); e <= end; e++) {
                int w;
                if (e < end) {
                    w = g.target(e);
                } else if ((w = g.implicitTarget(v)) < 0) {
                    break; // e == end: the implicit class edge, if any
                }
                if (skipped(w, skip)) continue;
                int slot = slot(w, skip, slotBase);
                if (parent[slot] == NOT_REACHED) {
                    parent[slot] = v;
                    if (size == queue.length) {
                        queue = grow(queue, head, size);
                        head = 0;
                    }
                    queue[(head + size++) & (queue.length - 1)] = w;
                }
            }
        }
        return parent;
    }

    /** A ring buffer of twice the capacity holding the same {@code size} entries from index 0. */
    private static int[] grow(int[] queue, int head, int size) {
        int[] bigger = new int[queue.length * 2];
        int first = Math.min(size, queue.length - head);
        System.arraycopy(queue, head, bigger, 0, first);
        System.arraycopy(queue, 0, bigger, first, size - first);
        return bigger;
    }

    /** The nodes from a GC root (first) to {@code node} (last); empty if no root reaches it. */
    public int[] path(int node) {
        if (parentOf(node) == NOT_REACHED) {
            return new int[0];
        }
        int length = 1;
        for (int v = node; parentOf(v) >= 0; v = parentOf(v)) {
            length++;
        }
        int[] path = new int[length];
        int i = length - 1;
        for (int v = node; v >= 0; v = parentOf(v)) {
            path[i--] = v;
            if (parentOf(v) < 0) {
                break;
            }
        }
        return path;
    }

    /** BFS parent of a node: -1 for roots, -2 if unreached; a skipped (trivial) node's is its idom. */
    private int parentOf(int v) {
        return skipped(v, skip) ? tree.immediateDominator(v) : parent[slot(v, skip, slotBase)];
    }

    /**
     * The path as lines a person can read, root first, e.g.
     * {@code ["class dev.x.Cache @ 0x1 [GC root: system class]", ".entries java.util.HashMap @ 0x2", ...]}.
     */
    public List<String> describe(int node) {
        int[] path = path(node);
        List<String> lines = new ArrayList<>(path.length);
        for (int i = 0; i < path.length; i++) {
            if (i == 0) {
                lines.add(graph.displayName(path[0]) + " [GC root: " + HeapGraph.gcRootKindName(graph.gcRootKind(path[0])) + "]");
            } else {
                lines.add(graph.describeReference(path[i - 1], path[i]) + " " + graph.displayName(path[i]));
            }
        }
        return lines;
    }
}
