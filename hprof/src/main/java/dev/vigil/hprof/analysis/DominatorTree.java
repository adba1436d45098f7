package dev.vigil.hprof.analysis;

import dev.vigil.hprof.ProgressListener;
import dev.vigil.hprof.graph.DeltaArray;
import dev.vigil.hprof.graph.ReferenceGraph;

import java.util.Arrays;

/**
 * Exact dominator tree of the reference graph, rooted at a virtual root whose children are the GC
 * roots. Trivial nodes (one predecessor, references only to roots and trivial nodes: most heap
 * objects) take their predecessor as idom; semi-NCA (Georgiadis et al.) runs on the others: an
 * iterative depth-first search, semidominators by link-eval with iterative path compression, then
 * nearest common ancestors. Only predecessors of larger DFS number are stored (smaller ones are
 * folded into the semidominator while counting; roots need none). No recursion, no boxing; while it
 * runs one {@code int} array per object (the idoms, and until they are known the work space of the
 * order-space arrays that fit in it) and a few bitmaps, plus two or three {@code int} arrays per
 * non-trivial object and 4 bytes per stored predecessor; afterwards 4 bytes per object (idom), and
 * about 6 more for the children lists (in node order) once asked for.
 */
public final class DominatorTree {
    /** {@link #immediateDominator} of a node dominated only by the virtual root (a top-level dominator). */
    public static final int VIRTUAL_ROOT = -1;
    /** {@link #immediateDominator} of a node no GC root reaches. */
    public static final int UNREACHABLE = -2;

    /** n + 1 entries (reused from the computation); entry n unused */
    private final int[] idom;
    private final int n;
    private final int reachable;
    /** bitmap of the trivial nodes (see {@link #compute}) */
    private final long[] trivial;
    /** children lists: keys (idom + 1) per block when sorting them */
    private static final int KEY_BLOCK_SHIFT = 6;
    private static final int KEY_BLOCK = 1 << KEY_BLOCK_SHIFT;
    /** blocks of up to this many children are sorted through a buffer (4 MiB at most), bigger ones in place */
    private static final int SORT_BUFFER_MAX = 1 << 20;
    private DeltaArray childStart;
    /**
     * The children lists in two arrays split at a key-block boundary (global index i is in childrenLow
     * below childrenSplit, else in childrenHigh): each fits a hole the released references leave, where
     * one array of 4 bytes per object would need new contiguous space.
     */
    private int[] childrenLow;
    private int[] childrenHigh;
    private int childrenSplit;

    private DominatorTree(int[] idom, int n, int reachable, long[] trivial) {
        this.trivial = trivial;
        this.idom = idom;
        this.n = n;
        this.reachable = reachable;
    }

    public static DominatorTree compute(ReferenceGraph graph, int[] roots) {
        return compute(graph, roots, ProgressListener.NONE);
    }

    public static DominatorTree compute(ReferenceGraph graph, int[] roots, ProgressListener progress) {
        final int n = graph.nodeCount();
        final int words = (n >>> 6) + 1;
        // ---- 0. "trivial" nodes: not a root, exactly one predecessor, and every reference goes to a root or
        // to a trivial node. Their idom is their only predecessor, and they lie on no path from a root to
        // any other node (their references lead only to trivial nodes and roots), so semi-NCA runs on the
        // rest alone (edges into roots are ignored too: a root's only dominator is the virtual root, and a
        // path through a root can start there). In a heap most objects are trivial (strings, their arrays,
        // boxes, collection entries): 14 M of 20.6 M at 1 GB, so the order-space arrays have 6.6 M entries.
        // In-degree 0, 1 or more in two bitmaps (2 bits per object).
        long[] isRoot = new long[words];
        for (int r : roots) {
            isRoot[r >>> 6] |= 1L << r;
        }
        long tA = System.nanoTime();
        // each half of the nodes on its own core, with its own two bitmaps (merged below)
        long[][] counts = new long[4][];
        NodeHalves.run(n, (from, to, half) -> {
            long[] once = new long[words];
            long[] twice = new long[words];
            for (int v = from; v < to; v++) {
                for (int e = graph.start(v), end = graph.end(v); e <= end; e++) {
                    int t;
                    if (e < end) {
                        t = graph.target(e);
                    } else if ((t = graph.implicitTarget(v)) < 0) {
                        break; // e == end: the implicit class edge, if any
                    }
                    long bit = 1L << t;
                    if ((once[t >>> 6] & bit) != 0) {
                        twice[t >>> 6] |= bit;
                    } else {
                        once[t >>> 6] |= bit;
                    }
                }
            }
            counts[2 * half] = once;
            counts[2 * half + 1] = twice;
        });
        long tB = System.nanoTime();
        // "once and not twice" = exactly one predecessor; once becomes that mask, twice the trivial set
        long[] once = counts[0];
        long[] twice = counts[1];
        long[] once2 = counts[2];
        long[] twice2 = counts[3];
        Arrays.fill(counts, null);
        for (int i = 0; i < words; i++) {
            long several = twice[i] | twice2[i] | (once[i] & once2[i]);
            once[i] = (once[i] | once2[i]) & ~several;
            twice[i] = 0;
        }
        once2 = null;
        twice2 = null;
        long[] singlePred = once;
        long[] trivial = twice;

        // ---- 1. depth-first search from the virtual root (order 0) that numbers only the non-trivial
        // nodes 1..m: a node's triviality is known when it is left, and as every node below a trivial one
        // is trivial, the numbers of a trivial subtree are handed out again. Visited nodes are marked in a
        // bitmap (no per-object array). The idom array (n + 1 entries, allocated now, before the heap is
        // cut up by the order-space arrays) is the work space until the end: here it records the node and
        // the parent order of each order, in [0, h) and [h, 2h), while the numbers stay below h (else a
        // second search over the non-trivial nodes does it afterwards).
        int[] idom = new int[n + 1];
        final int h = (n + 1) / 2;
        boolean recorded = true;
        long[] seen = new long[words];
        int m = 0;
        {
            int[] stackNode = new int[1024];
            int[] stackEdge = new int[1024];
            int[] stackOrder = new int[1024]; // negative: the node is known not to be trivial
            for (int r : roots) {
                if ((seen[r >>> 6] & (1L << r)) != 0) {
                    continue;
                }
                seen[r >>> 6] |= 1L << r;
                ++m;
                if (m < h) {
                    idom[m] = r;
                    idom[h + m] = 0;
                } else {
                    recorded = false;
                }
                int sp = 0;
                stackNode[0] = r;
                stackEdge[0] = graph.start(r);
                stackOrder[0] = -m; // roots are never trivial
                sp++;
                while (sp > 0) {
                    int v = stackNode[sp - 1];
                    int e = stackEdge[sp - 1];
                    int end = graph.end(v);
                    int w = -1;
                    while (e <= end) {
                        int t;
                        if (e < end) {
                            t = graph.target(e++);
                        } else {
                            e++;
                            if ((t = graph.implicitTarget(v)) < 0) {
                                break;
                            }
                        }
                        if ((isRoot[t >>> 6] & (1L << t)) != 0) {
                            continue; // edges into roots do not matter
                        }
                        if ((seen[t >>> 6] & (1L << t)) == 0) {
                            w = t;
                            break;
                        }
                        // reached before: t has another predecessor, so v leads to a non-trivial node
                        stackOrder[sp - 1] = -Math.abs(stackOrder[sp - 1]);
                    }
                    stackEdge[sp - 1] = e;
                    if (w < 0) {
                        int o = stackOrder[--sp];
                        if (o > 0) {
                            // trivial: its subtree (orders o..m, all trivial) gives its numbers back
                            trivial[v >>> 6] |= 1L << v;
                            m = o - 1;
                        } else if (sp > 0) {
                            stackOrder[sp - 1] = -Math.abs(stackOrder[sp - 1]);
                        }
                        continue;
                    }
                    seen[w >>> 6] |= 1L << w;
                    int wStart = graph.start(w);
                    if ((singlePred[w >>> 6] & (1L << w)) != 0 && wStart == graph.end(w)) {
                        int c = graph.implicitTarget(w);
                        if (c < 0 || (isRoot[c >>> 6] & (1L << c)) != 0) {
                            // one predecessor and no references but to a root (a string's array, a box): trivial
                            // at once, without a number or a frame (most trivial objects are such leaves)
                            trivial[w >>> 6] |= 1L << w;
                            continue;
                        }
                    }
                    ++m;
                    if (m < h) {
                        idom[m] = w;
                        idom[h + m] = Math.abs(stackOrder[sp - 1]);
                    } else {
                        recorded = false;
                    }
                    if (sp == stackNode.length) {
                        stackNode = Arrays.copyOf(stackNode, sp * 2);
                        stackEdge = Arrays.copyOf(stackEdge, sp * 2);
                        stackOrder = Arrays.copyOf(stackOrder, sp * 2);
                    }
                    stackNode[sp] = w;
                    stackEdge[sp] = wStart;
                    stackOrder[sp] = (singlePred[w >>> 6] & (1L << w)) != 0 ? m : -m;
                    sp++;
                }
            }
        }
        long tC = System.nanoTime();
        singlePred = null;
        once = null;
        // The idom work space from now on: first orderByRank, then label, in [0, m], semi in [m + 1, 2m + 1]
        // and the order -> node map in [2m + 2, 3m + 2], each when it fits (else semi has its own array and
        // the map is rebuilt at the end by the same search).
        // The parent orders and the order -> node map (into predStart, which is not needed yet), as recorded
        // by the search, or by a second search over the non-trivial nodes; then the node -> order map:
        // orderByRank[rank of v among the non-trivial reached nodes] (seen becomes that set).
        int[] predStart = new int[m + 2];
        int[] parent = new int[m + 2];
        int[] vertex = predStart;
        if (recorded) {
            System.arraycopy(idom, 0, vertex, 0, m + 1);
            System.arraycopy(idom, h, parent, 0, m + 1);
            parent[0] = 0;
        } else {
            int numbered = dfs(graph, roots, isRoot, trivial, vertex, parent);
            assert numbered == m;
        }
        for (int i = 0; i < words; i++) {
            seen[i] &= ~trivial[i];
        }
        long[] nonTrivial = seen;
        seen = null;
        int[] rankBase = new int[words];
        for (int i = 1; i < words; i++) {
            rankBase[i] = rankBase[i - 1] + Long.bitCount(nonTrivial[i - 1]);
        }
        int[] orderByRank = idom;
        for (int i = 1; i <= m; i++) {
            int v = vertex[i];
            orderByRank[rankBase[v >>> 6] + Long.bitCount(nonTrivial[v >>> 6] & ((1L << v) - 1))] = i;
        }
        int vo = 2 * (m + 1); // vertex[i] kept as idom[vo + i]
        boolean vertexKept = 3L * (m + 1) <= n + 1L;
        if (vertexKept) {
            System.arraycopy(vertex, 0, idom, vo, m + 1);
        }
        vertex = null;
        Arrays.fill(predStart, 0);
        progress.update("dominators", 1, 4);
        long tD = System.nanoTime();

        // ---- 2. semi starts at the DFS parent, lowered by every predecessor of smaller order (which is
        // not linked yet, so it counts as itself). Only predecessors of larger order need link-eval;
        // they are stored (CSR in order space). Roots have the virtual root as predecessor: semi 0, done.
        // Trivial nodes and unreachable ones (order 0) take no part.
        int[] semi;
        int so; // semi[so + i] is the semidominator of order i
        if (2L * (m + 1) <= n + 1L) {
            semi = idom;
            so = m + 1;
        } else {
            semi = new int[m + 1];
            so = 0;
        }
        System.arraycopy(parent, 0, semi, so, m + 1);
        for (int r : roots) {
            semi[so + orderOf(r, nonTrivial, rankBase, orderByRank)] = 0;
        }
        // in node order (sequential reads of the graph); the order of predecessors within a vertex's
        // list does not change the semidominators
        for (int v = 0; v < n; v++) {
            int i = orderOf(v, nonTrivial, rankBase, orderByRank);
            if (i == 0) {
                continue;
            }
            for (int e = graph.start(v), end = graph.end(v); e <= end; e++) {
                int t;
                if (e < end) {
                    t = graph.target(e);
                } else if ((t = graph.implicitTarget(v)) < 0) {
                    break; // e == end: the implicit class edge, if any
                }
                int j = orderOf(t, nonTrivial, rankBase, orderByRank);
                if (j > i) {
                    if (i < semi[so + j]) {
                        semi[so + j] = i;
                    }
                } else if (j != 0 && j < i && semi[so + j] != 0) {
                    predStart[j + 1]++; // a predecessor of larger order, roots excluded
                }
            }
        }
        for (int i = 1; i <= m + 1; i++) {
            predStart[i] += predStart[i - 1];
        }
        int[] preds = new int[predStart[m + 1]];
        for (int v = 0; v < n; v++) {
            int i = orderOf(v, nonTrivial, rankBase, orderByRank);
            if (i == 0) {
                continue;
            }
            for (int e = graph.start(v), end = graph.end(v); e <= end; e++) {
                int t;
                if (e < end) {
                    t = graph.target(e);
                } else if ((t = graph.implicitTarget(v)) < 0) {
                    break;
                }
                int j = orderOf(t, nonTrivial, rankBase, orderByRank);
                if (j != 0 && j < i && semi[so + j] != 0) {
                    preds[predStart[j]++] = i;
                }
            }
        }
        // predStart[j] is now the end of j's predecessors, predStart[j - 1] (shifted) its start
        if (Boolean.getBoolean("vigil.hprof.timing")) {
            System.err.printf("dominators: %d objects, %d non-trivial reached (order space), %d stored predecessors%n",
                    n, m, preds.length);
        }
        progress.update("dominators", 2, 4);
        long tE = System.nanoTime();

        // ---- 3. semidominators by link-eval. label[v] holds the minimum semi on v's compressed forest
        // path (a semi value, not a vertex: semi-NCA needs no more). A vertex x is linked iff x > w.
        // label reuses orderByRank (no longer read; label[x] is written before it is read, for x >= w).
        // ancestor is parent, compressed in place: ancestor[w] is still parent[w] when w is processed
        // (only linked vertices, > w, are compressed), and predStart[w] is no longer read after w
        // (w - 1 reads predStart[w - 2] and predStart[w - 1]), so parent[w] is saved there.
        int[] label = orderByRank;
        orderByRank = null;
        rankBase = null;
        int[] ancestor = parent;
        parent = null;
        int[] path = new int[64];
        for (int w = m; w >= 1; w--) {
            int s = semi[so + w];
            if (s != 0) {
                for (int p = w == 1 ? 0 : predStart[w - 1], end = predStart[w]; p < end; p++) {
                    int v = preds[p];
                    // v > w: linked. Compress v's path up to the first unlinked ancestor.
                    int sp = 0;
                    int x = v;
                    while (ancestor[x] > w) {
                        if (sp == path.length) {
                            path = Arrays.copyOf(path, sp * 2);
                        }
                        path[sp++] = x;
                        x = ancestor[x];
                    }
                    while (sp > 0) {
                        int y = path[--sp];
                        int a = ancestor[y];
                        if (label[a] < label[y]) {
                            label[y] = label[a];
                        }
                        ancestor[y] = ancestor[a];
                    }
                    if (label[v] < s) {
                        s = label[v];
                    }
                }
                semi[so + w] = s;
            }
            label[w] = s;
            predStart[w] = ancestor[w]; // = parent[w]
        }
        preds = null;
        path = null;
        progress.update("dominators", 3, 4);
        long tF = System.nanoTime();

        // ---- 4. immediate dominators: nearest common ancestor of parent and semidominator (in place in
        // the saved parents)
        int[] idomOrder = predStart;
        predStart = null;
        idomOrder[0] = 0;
        for (int w = 1; w <= m; w++) {
            int x = idomOrder[w];
            int sw = semi[so + w];
            while (x > sw) {
                x = idomOrder[x];
            }
            idomOrder[w] = x;
        }
        // the order -> node map into the dead ancestor array (kept in idom, or by the same search again);
        // then idom is overwritten (label and semi are done)
        vertex = ancestor;
        ancestor = null;
        semi = null;
        label = null;
        if (vertexKept) {
            System.arraycopy(idom, vo, vertex, 0, m + 1);
        } else {
            dfs(graph, roots, isRoot, trivial, vertex, null);
        }
        vertex[0] = -1;
        Arrays.fill(idom, UNREACHABLE); // entry n unused
        for (int w = 1; w <= m; w++) {
            int d = idomOrder[w];
            idom[vertex[w]] = d == 0 ? VIRTUAL_ROOT : vertex[d];
        }
        idomOrder = null;
        vertex = null;
        // a trivial node's idom is its only predecessor (every trivial node was reached, so its
        // predecessor was too: reachable nodes are the non-trivial ones numbered above and the trivial ones)
        // (each half of the nodes on its own core: a trivial node has one predecessor, so one writer; the
        // other half may be writing idom[v] only for a trivial v, whose idom is not read here)
        long tG = System.nanoTime();
        int[] trivialReached = new int[2];
        NodeHalves.run(n, (from, to, half) -> {
            int count = 0;
            for (int v = from; v < to; v++) {
                if ((trivial[v >>> 6] & (1L << v)) == 0 && idom[v] == UNREACHABLE) {
                    continue;
                }
                for (int e = graph.start(v), end = graph.end(v); e <= end; e++) {
                    int t;
                    if (e < end) {
                        t = graph.target(e);
                    } else if ((t = graph.implicitTarget(v)) < 0) {
                        break;
                    }
                    if ((trivial[t >>> 6] & (1L << t)) != 0) {
                        idom[t] = v;
                        count++;
                    }
                }
            }
            trivialReached[half] = count;
        });
        int reachable = m + trivialReached[0] + trivialReached[1];
        if (Boolean.getBoolean("vigil.hprof.timing")) {
            long tH = System.nanoTime();
            System.err.printf("dominators: in-degrees %d ms, first search %d ms, order maps %d ms, predecessors %d ms, link-eval %d ms, idoms %d ms, trivial idoms %d ms%n",
                    (tB - tA) / 1_000_000, (tC - tB) / 1_000_000, (tD - tC) / 1_000_000, (tE - tD) / 1_000_000,
                    (tF - tE) / 1_000_000, (tG - tF) / 1_000_000, (tH - tG) / 1_000_000);
        }
        progress.update("dominators", 4, 4);
        return new DominatorTree(idom, n, reachable, trivial);
    }

    /** DFS order of a non-trivial reached node, else 0. */
    private static int orderOf(int v, long[] nonTrivial, int[] rankBase, int[] orderByRank) {
        long word = nonTrivial[v >>> 6];
        if ((word & (1L << v)) == 0) {
            return 0;
        }
        return orderByRank[rankBase[v >>> 6] + Long.bitCount(word & ((1L << v) - 1))];
    }

    /**
     * Iterative depth-first search from the roots in order, over the edges into neither roots nor
     * trivial nodes; the search of {@link #compute}, which numbers the non-trivial nodes. Writes the node
     * of each order into {@code vertex} and the order of its parent into {@code parent} if given. Returns
     * the number of nodes reached.
     */
    private static int dfs(ReferenceGraph graph, int[] roots, long[] isRoot, long[] trivial, int[] vertex, int[] parent) {
        long[] seen = new long[(graph.nodeCount() >>> 6) + 1];
        int m = 0;
        int[] stackNode = new int[1024];
        int[] stackEdge = new int[1024];
        int[] stackOrder = new int[1024];
        for (int r : roots) {
            if ((seen[r >>> 6] & (1L << r)) != 0) {
                continue;
            }
            seen[r >>> 6] |= 1L << r;
            ++m;
            if (vertex != null) {
                vertex[m] = r;
            }
            if (parent != null) {
                parent[m] = 0;
            }
            int sp = 0;
            stackOrder[sp] = m;
            stackNode[sp] = r;
            stackEdge[sp] = graph.start(r);
            sp++;
            while (sp > 0) {
                int v = stackNode[sp - 1];
                int e = stackEdge[sp - 1];
                int end = graph.end(v);
                int w = -1;
                while (e <= end) {
                    int t;
                    if (e < end) {
                        t = graph.target(e++);
                    } else {
                        e++;
                        if ((t = graph.implicitTarget(v)) < 0) {
                            break;
                        }
                    }
                    long bit = 1L << t;
                    int word = t >>> 6;
                    if ((seen[word] & bit) == 0 && (isRoot[word] & bit) == 0 && (trivial[word] & bit) == 0) {
                        w = t;
                        break;
                    }
                }
                stackEdge[sp - 1] = e;
                if (w < 0) {
                    sp--;
                    continue;
                }
                seen[w >>> 6] |= 1L << w;
                ++m;
                if (vertex != null) {
                    vertex[m] = w;
                }
                if (parent != null) {
                    parent[m] = stackOrder[sp - 1];
                }
                if (sp == stackNode.length) {
                    stackNode = Arrays.copyOf(stackNode, sp * 2);
                    stackEdge = Arrays.copyOf(stackEdge, sp * 2);
                    stackOrder = Arrays.copyOf(stackOrder, sp * 2);
                }
                stackOrder[sp] = m;
                stackNode[sp] = w;
                stackEdge[sp] = graph.start(w);
                sp++;
            }
        }
        return m;
    }

    /** What a walk of the dominator tree sees (see {@link #walk}). */
    public interface Visitor {
        /** Before the nodes {@code node} dominates. */
        default void enter(int node) {
        }

        /** After them; {@code dominator} is {@code node}'s immediate dominator ({@link #VIRTUAL_ROOT} for a top-level one). */
        void leave(int node, int dominator);
    }

    /**
     * Depth-first walk of the dominator tree over its children lists (built if need be; the references
     * are not read): every reachable node is entered, then left after every node it dominates.
     */
    public void walk(Visitor visitor) {
        buildChildren();
        int[] stackNode = new int[256];
        int[] stackNext = new int[256];
        int[] stackEnd = new int[256];
        int sp = 0;
        stackNode[sp] = VIRTUAL_ROOT;
        stackNext[sp] = childrenFrom(VIRTUAL_ROOT);
        stackEnd[sp] = childrenTo(VIRTUAL_ROOT);
        sp++;
        while (sp > 0) {
            int v = stackNode[sp - 1];
            int k = stackNext[sp - 1];
            if (k == stackEnd[sp - 1]) {
                sp--;
                if (sp > 0) {
                    visitor.leave(v, stackNode[sp - 1]);
                }
                continue;
            }
            stackNext[sp - 1] = k + 1;
            int w = childAt(k);
            visitor.enter(w);
            int from = (int) childStart.get(w + 1);
            int to = (int) childStart.get(w + 2);
            if (from == to) {
                visitor.leave(w, v); // a leaf (most nodes): no frame
                continue;
            }
            if (sp == stackNode.length) {
                stackNode = Arrays.copyOf(stackNode, sp * 2);
                stackNext = Arrays.copyOf(stackNext, sp * 2);
                stackEnd = Arrays.copyOf(stackEnd, sp * 2);
            }
            stackNode[sp] = w;
            stackNext[sp] = from;
            stackEnd[sp] = to;
            sp++;
        }
    }

    public int nodeCount() {
        return n;
    }

    /** The immediate dominator of a node, {@link #VIRTUAL_ROOT} or {@link #UNREACHABLE}. */
    public int immediateDominator(int node) {
        return idom[node];
    }

    /**
     * True for a trivial node: not a root, exactly one predecessor (its immediate dominator), and
     * references only to roots and trivial nodes; so every path to it, shortest ones included, ends
     * with the chain of its dominators.
     */
    public boolean isTrivial(int node) {
        return (trivial[node >>> 6] & (1L << node)) != 0;
    }

    /** The trivial-node bitmap (bit {@code v} of word {@code v >>> 6}); not to be modified. */
    long[] trivialBits() {
        return trivial;
    }

    public boolean isReachable(int node) {
        return idom[node] != UNREACHABLE;
    }

    public int reachableCount() {
        return reachable;
    }

    /** Builds the children lists now (about 6 bytes per object). */
    public void prepareChildren() {
        buildChildren();
    }

    /**
     * Children lists: every reachable node once, grouped by key idom + 1 (the virtual root's children
     * first), each group in node order; the group starts in a {@link DeltaArray} (2 bytes per object
     * instead of 4: no per-node cursor array either). Nodes are placed by blocks of 64 keys (a cursor
     * per block), then each block is sorted by key (stably through a small buffer, or in place).
     */
    private void buildChildren() {
        if (childrenLow != null) {
            return;
        }
        int blocks = ((n + 1) >>> KEY_BLOCK_SHIFT) + 1; // keys 0..n
        int[] blockStart = new int[blocks + 1];
        for (int v = 0; v < n; v++) {
            if (idom[v] != UNREACHABLE) {
                blockStart[((idom[v] + 1) >>> KEY_BLOCK_SHIFT) + 1]++;
            }
        }
        for (int b = 0; b < blocks; b++) {
            blockStart[b + 1] += blockStart[b];
        }
        int splitBlock = 0;
        while (splitBlock < blocks && blockStart[splitBlock] < reachable / 2) {
            splitBlock++;
        }
        int split = blockStart[splitBlock];
        int[] low = new int[split];
        int[] high = new int[reachable - split];
        int[] cursor = Arrays.copyOf(blockStart, blocks);
        for (int v = 0; v < n; v++) {
            int d = idom[v];
            if (d != UNREACHABLE) {
                int i = cursor[(d + 1) >>> KEY_BLOCK_SHIFT]++; // node order within a block
                if (i < split) {
                    low[i] = v;
                } else {
                    high[i - split] = v;
                }
            }
        }
        cursor = null;
        DeltaArray.Builder starts = new DeltaArray.Builder(n + 2);
        int[] bucketStart = new int[KEY_BLOCK + 1];
        int[] next = new int[KEY_BLOCK];
        int[] buffer = new int[1024];
        for (int b = 0; b < blocks; b++) {
            int[] kids = b < splitBlock ? low : high; // a block lies in one of them
            int offset = b < splitBlock ? 0 : split;
            int lo = blockStart[b] - offset;
            int hi = blockStart[b + 1] - offset;
            Arrays.fill(bucketStart, 0);
            for (int i = lo; i < hi; i++) {
                bucketStart[((idom[kids[i]] + 1) & (KEY_BLOCK - 1)) + 1]++;
            }
            int filled = 0;
            for (int j = 0; j < KEY_BLOCK; j++) {
                if (bucketStart[j + 1] != 0) filled++;
                bucketStart[j + 1] += bucketStart[j];
            }
            for (int j = 0, key = b << KEY_BLOCK_SHIFT; j < KEY_BLOCK && key <= n; j++, key++) {
                starts.add(offset + lo + bucketStart[j]);
            }
            if (filled <= 1) {
                continue; // one key: already in node order
            }
            if (hi - lo <= SORT_BUFFER_MAX) {
                // stable counting sort by key through a buffer: each key's nodes stay in node order
                if (buffer.length < hi - lo) {
                    buffer = new int[Math.min(SORT_BUFFER_MAX, Math.max(hi - lo, buffer.length * 2))];
                }
                for (int j = 0; j < KEY_BLOCK; j++) {
                    next[j] = bucketStart[j];
                }
                for (int i = lo; i < hi; i++) {
                    int x = kids[i];
                    buffer[next[(idom[x] + 1) & (KEY_BLOCK - 1)]++] = x;
                }
                System.arraycopy(buffer, 0, kids, lo, hi - lo);
                continue;
            }
            // a huge block: American flag sort by key in place, then each key's nodes back into node order
            for (int j = 0; j < KEY_BLOCK; j++) {
                next[j] = lo + bucketStart[j];
            }
            for (int j = 0; j < KEY_BLOCK; j++) {
                int end = lo + bucketStart[j + 1];
                while (next[j] < end) {
                    int x = kids[next[j]];
                    int k = (idom[x] + 1) & (KEY_BLOCK - 1);
                    if (k == j) {
                        next[j]++;
                    } else {
                        kids[next[j]] = kids[next[k]];
                        kids[next[k]++] = x;
                    }
                }
            }
            for (int j = 0; j < KEY_BLOCK; j++) {
                if (bucketStart[j + 1] - bucketStart[j] > 1) {
                    Arrays.sort(kids, lo + bucketStart[j], lo + bucketStart[j + 1]);
                }
            }
        }
        starts.add(reachable);
        childStart = starts.build();
        childrenLow = low;
        childrenHigh = high;
        childrenSplit = split;
    }

    /** Index of {@code node}'s first child for {@link #childAt} (node may be {@link #VIRTUAL_ROOT}). */
    int childrenFrom(int node) {
        buildChildren();
        return (int) childStart.get(node + 1);
    }

    /** One past the index of {@code node}'s last child for {@link #childAt}. */
    int childrenTo(int node) {
        buildChildren();
        return (int) childStart.get(node + 2);
    }

    /** The child at index {@code i} of the children lists (see {@link #childrenFrom}). */
    int childAt(int i) {
        return i < childrenSplit ? childrenLow[i] : childrenHigh[i - childrenSplit];
    }

    /** Nodes immediately dominated by {@code node}, or by the virtual root if {@code node} is {@link #VIRTUAL_ROOT}. */
    public int[] children(int node) {
        buildChildren();
        int from = (int) childStart.get(node + 1);
        int to = (int) childStart.get(node + 2);
        return from < childrenSplit ? Arrays.copyOfRange(childrenLow, from, to)
                : Arrays.copyOfRange(childrenHigh, from - childrenSplit, to - childrenSplit);
    }

    /** Number of nodes immediately dominated by {@code node} (or by the virtual root). */
    public int childCount(int node) {
        buildChildren();
        return (int) (childStart.get(node + 2) - childStart.get(node + 1));
    }

    /** The {@code i}-th child of {@code node} (or of the virtual root). */
    public int child(int node, int i) {
        buildChildren();
        return childAt((int) childStart.get(node + 1) + i);
    }
}
