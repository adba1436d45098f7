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

    private PathToGcRoot(HeapGraph graph, int[] parent) {
        this.graph = graph;
        this.parent = parent;
    }

    public static PathToGcRoot compute(HeapGraph graph) {
        return compute(graph, null);
    }

    /** As {@link #compute(HeapGraph)}, writing the parents into {@code reuse} if it has at least n entries. */
    static PathToGcRoot compute(HeapGraph graph, int[] reuse) {
        return new PathToGcRoot(graph, shortestPathParents(graph.references(), graph.gcRoots(), reuse));
    }

    /** BFS parents: -1 for roots, -2 for unreached nodes. */
    static int[] shortestPathParents(ReferenceGraph g, int[] roots) {
        return shortestPathParents(g, roots, null);
    }

    static int[] shortestPathParents(ReferenceGraph g, int[] roots, int[] reuse) {
        int n = g.nodeCount();
        int[] parent = reuse != null && reuse.length >= n ? reuse : new int[n];
        Arrays.fill(parent, NOT_REACHED);
        // FIFO queue as a growable ring buffer: it holds the BFS frontier, not every reached node
        int[] queue = new int[Math.max(16, Integer.highestOneBit(Math.max(1, Math.min(n, 1 << 16))))];
        int head = 0;
        int size = 0;
        for (int r : roots) {
            if (parent[r] == NOT_REACHED) {
                parent[r] = ROOT;
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
                } else if (parent[raw] == NOT_REACHED) {
                    parent[raw] = v;
                    if (size == queue.length) {
                        queue = grow(queue, head, size);
                        head = 0;
                    }
                    queue[(head + size++) & (queue.length - 1)] = raw;
                }
            }
            int c = g.implicitTarget(v); // the implicit class edge (strong)
            if (c >= 0 && parent[c] == NOT_REACHED) {
                parent[c] = v;
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
                if (parent[w] == NOT_REACHED) {
                    parent[w] = v;
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
                if (parent[w] == NOT_REACHED) {
                    parent[w] = v;
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
        if (parent[node] == NOT_REACHED) {
            return new int[0];
        }
        int length = 1;
        for (int v = node; parent[v] >= 0; v = parent[v]) {
            length++;
        }
        int[] path = new int[length];
        int i = length - 1;
        for (int v = node; v >= 0; v = parent[v]) {
            path[i--] = v;
            if (parent[v] < 0) {
                break;
            }
        }
        return path;
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
