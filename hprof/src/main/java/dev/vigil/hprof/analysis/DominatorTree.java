package dev.vigil.hprof.analysis;

import dev.vigil.hprof.ProgressListener;
import dev.vigil.hprof.graph.ReferenceGraph;

import java.util.Arrays;

/**
 * Exact dominator tree of the reference graph, rooted at a virtual root whose children are the GC
 * roots. Computed with the semi-NCA algorithm (Georgiadis et al.): an iterative depth-first search,
 * semidominators by link-eval with iterative path compression, then nearest common ancestors.
 * Only predecessors of larger DFS number are stored (smaller ones are folded into the semidominator
 * while counting; roots need none). No recursion, no boxing; while it runs four {@code int} arrays
 * of n + 1 entries (16 bytes per object, arrays reused from phase to phase) plus 4 bytes per stored
 * predecessor; afterwards 8 bytes per object (idom and preorder; the preorder gives way to the
 * children lists, 8 bytes per object, in node order, when those are first asked for).
 */
public final class DominatorTree {
    /** {@link #immediateDominator} of a node dominated only by the virtual root (a top-level dominator). */
    public static final int VIRTUAL_ROOT = -1;
    /** {@link #immediateDominator} of a node no GC root reaches. */
    public static final int UNREACHABLE = -2;

    /** n + 1 entries (reused from the computation); entry n unused */
    private final int[] idom;
    private final int n;
    /**
     * preorder[1..reachable]: reachable nodes in depth-first preorder (slot 0 unused). Released when the
     * children are built; rebuilt by the same depth-first search if asked for again.
     */
    private int[] preorder;
    private final int reachable;
    private final ReferenceGraph graph;
    private final int[] roots;
    private int[] childStart;
    private int[] children;
    /**
     * Arrays the computation no longer needs (ancestor: n + 2 entries, the order-space idoms: m + 2),
     * kept for the children lists so that building them allocates nothing new (the JVM would rather
     * grow the heap than collect the garbage first).
     */
    private int[] spareStart;
    private int[] spareKids;

    private DominatorTree(ReferenceGraph graph, int[] roots, int[] idom, int n, int[] preorder, int reachable) {
        this.graph = graph;
        this.roots = roots;
        this.idom = idom;
        this.n = n;
        this.preorder = preorder;
        this.reachable = reachable;
    }

    public static DominatorTree compute(ReferenceGraph graph, int[] roots) {
        return compute(graph, roots, ProgressListener.NONE);
    }

    public static DominatorTree compute(ReferenceGraph graph, int[] roots, ProgressListener progress) {
        final int n = graph.nodeCount();
        // ---- 1. depth-first search from the virtual root (order 0); orders 1..m are objects.
        // orderOf[v] is the order of node v; parent[i] the order of the DFS parent of order i.
        // Memory: four int arrays of n + 1 entries plus the stored predecessors at the peak. Arrays are
        // reused once their phase is done: orderOf becomes label, then the preorder; parent becomes
        // ancestor (compressed in place) while each vertex's parent is saved in predStart's slot once
        // that slot is no longer read; that array then holds the immediate dominators in order space,
        // and semi's array the final idom. The order -> node map (preorder) is not kept while link-eval
        // runs: the same depth-first search runs again at the end to produce it.
        int[] orderOf = new int[n + 1];
        int[] parent = new int[n + 2]; // n + 2 entries: reused as the children lists' starts
        int m = dfs(graph, roots, orderOf, parent, null);
        progress.update("dominators", 1, 4);

        // ---- 2. semi starts at the DFS parent, lowered by every predecessor of smaller order (which is
        // not linked yet, so it counts as itself). Only predecessors of larger order need link-eval;
        // they are stored (CSR in order space). Roots have the virtual root as predecessor: semi 0, done.
        int[] semi = new int[n + 1]; // n + 1 entries: reused as idom
        System.arraycopy(parent, 0, semi, 0, m + 1);
        for (int r : roots) {
            semi[orderOf[r]] = 0;
        }
        int[] predStart = new int[m + 2];
        // in node order (sequential reads of the graph); the order of predecessors within a vertex's
        // list does not change the semidominators
        for (int v = 0; v < n; v++) {
            int i = orderOf[v];
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
                int j = orderOf[t];
                if (j > i) {
                    if (i < semi[j]) {
                        semi[j] = i;
                    }
                } else if (j < i && semi[j] != 0) {
                    predStart[j + 1]++; // a predecessor of larger order, roots excluded
                }
            }
        }
        for (int i = 1; i <= m + 1; i++) {
            predStart[i] += predStart[i - 1];
        }
        int[] preds = new int[predStart[m + 1]];
        for (int v = 0; v < n; v++) {
            int i = orderOf[v];
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
                int j = orderOf[t];
                if (j < i && semi[j] != 0) {
                    preds[predStart[j]++] = i;
                }
            }
        }
        // predStart[j] is now the end of j's predecessors, predStart[j - 1] (shifted) its start
        progress.update("dominators", 2, 4);

        // ---- 3. semidominators by link-eval. label[v] holds the minimum semi on v's compressed forest
        // path (a semi value, not a vertex: semi-NCA needs no more). A vertex x is linked iff x > w.
        // label reuses orderOf (no longer read; label[x] is written before it is read, for x >= w).
        // ancestor is parent, compressed in place: ancestor[w] is still parent[w] when w is processed
        // (only linked vertices, > w, are compressed), and predStart[w] is no longer read after w
        // (w - 1 reads predStart[w - 2] and predStart[w - 1]), so parent[w] is saved there.
        int[] label = orderOf;
        orderOf = null;
        int[] ancestor = parent;
        parent = null;
        int[] path = new int[64];
        for (int w = m; w >= 1; w--) {
            int s = semi[w];
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
                semi[w] = s;
            }
            label[w] = s;
            predStart[w] = ancestor[w]; // = parent[w]
        }
        preds = null;
        int[] spareStart = ancestor;
        ancestor = null;
        path = null;
        progress.update("dominators", 3, 4);

        // ---- 4. immediate dominators: nearest common ancestor of parent and semidominator (in place in
        // the saved parents)
        int[] idomOrder = predStart;
        predStart = null;
        idomOrder[0] = 0;
        for (int w = 1; w <= m; w++) {
            int x = idomOrder[w];
            int sw = semi[w];
            while (x > sw) {
                x = idomOrder[x];
            }
            idomOrder[w] = x;
        }
        int[] vertex = label; // n + 1 entries
        label = null;
        vertex[0] = -1;
        dfs(graph, roots, null, null, vertex);
        int[] idom = semi; // n + 1 entries; entry n unused
        semi = null;
        Arrays.fill(idom, UNREACHABLE);
        for (int w = 1; w <= m; w++) {
            int d = idomOrder[w];
            idom[vertex[w]] = d == 0 ? VIRTUAL_ROOT : vertex[d];
        }
        progress.update("dominators", 4, 4);
        DominatorTree tree = new DominatorTree(graph, roots.clone(), idom, n, vertex, m);
        tree.spareStart = spareStart;
        tree.spareKids = idomOrder; // m + 2 entries
        return tree;
    }

    /**
     * Iterative depth-first search from the roots in order. First run ({@code orderOf != null}): numbers
     * nodes 1..m in {@code orderOf} and records each order's parent order. Second run: writes the node
     * of each order into {@code vertex} (same search, visited marks in a bitmap). Returns m.
     */
    private static int dfs(ReferenceGraph graph, int[] roots, int[] orderOf, int[] parent, int[] vertex) {
        final boolean first = orderOf != null;
        long[] seen = first ? null : new long[(graph.nodeCount() >>> 6) + 1];
        int m = 0;
        int[] stackNode = new int[1024];
        int[] stackEdge = new int[1024];
        int[] stackOrder = first ? new int[1024] : null;
        for (int r : roots) {
            if (first ? orderOf[r] != 0 : (seen[r >>> 6] & (1L << r)) != 0) {
                continue;
            }
            ++m;
            if (first) {
                orderOf[r] = m;
                parent[m] = 0;
                stackOrder[0] = m;
            } else {
                seen[r >>> 6] |= 1L << r;
                vertex[m] = r;
            }
            int sp = 0;
            stackNode[sp] = r;
            stackEdge[sp] = graph.start(r);
            sp++;
            while (sp > 0) {
                int v = stackNode[sp - 1];
                int e = stackEdge[sp - 1];
                int end = graph.end(v);
                int w = -1;
                if (first) {
                    while (e < end) {
                        int t = graph.target(e++);
                        if (orderOf[t] == 0) {
                            w = t;
                            break;
                        }
                    }
                } else {
                    while (e < end) {
                        int t = graph.target(e++);
                        if ((seen[t >>> 6] & (1L << t)) == 0) {
                            w = t;
                            break;
                        }
                    }
                }
                if (w < 0 && e == end) {
                    // the implicit class edge comes after the stored ones
                    e++;
                    int t = graph.implicitTarget(v);
                    if (t >= 0 && (first ? orderOf[t] == 0 : (seen[t >>> 6] & (1L << t)) == 0)) {
                        w = t;
                    }
                }
                stackEdge[sp - 1] = e;
                if (w < 0) {
                    sp--;
                    continue;
                }
                ++m;
                if (sp == stackNode.length) {
                    stackNode = Arrays.copyOf(stackNode, sp * 2);
                    stackEdge = Arrays.copyOf(stackEdge, sp * 2);
                    if (first) {
                        stackOrder = Arrays.copyOf(stackOrder, sp * 2);
                    }
                }
                if (first) {
                    orderOf[w] = m;
                    parent[m] = stackOrder[sp - 1];
                    stackOrder[sp] = m;
                } else {
                    seen[w >>> 6] |= 1L << w;
                    vertex[m] = w;
                }
                stackNode[sp] = w;
                stackEdge[sp] = graph.start(w);
                sp++;
            }
        }
        return m;
    }

    public int nodeCount() {
        return n;
    }

    /** The immediate dominator of a node, {@link #VIRTUAL_ROOT} or {@link #UNREACHABLE}. */
    public int immediateDominator(int node) {
        return idom[node];
    }

    public boolean isReachable(int node) {
        return idom[node] != UNREACHABLE;
    }

    public int reachableCount() {
        return reachable;
    }

    /** Reachable nodes in depth-first preorder: every node comes after its immediate dominator. */
    public int preorderNode(int i) {
        int[] p = preorder;
        if (p == null) {
            if (graph.isReleased()) {
                throw new IllegalStateException("the preorder was released with the reference graph");
            }
            p = new int[reachable + 1];
            p[0] = -1;
            dfs(graph, roots, null, null, p);
            preorder = p;
        }
        return p[i + 1];
    }

    /**
     * Builds the children lists now (8 bytes per object) and releases the preorder (4 bytes per object;
     * rebuilt by a depth-first search if {@link #preorderNode} is called again).
     */
    public void prepareChildren() {
        buildChildren();
    }

    /**
     * Hands over an array of at least n entries the computation no longer needs (the link-eval ancestor
     * array), or null if there is none; its contents are garbage. {@link RetainedSizes} takes it so
     * that it allocates nothing new; the children lists then allocate their own starts.
     */
    int[] takeSpareNodeArray() {
        int[] a = spareStart;
        spareStart = null;
        return a;
    }

    /**
     * Releases the preorder (rebuilt by a depth-first search if {@link #preorderNode} is called again,
     * while the reference graph is not released) and hands its array (at least n entries, contents
     * garbage) over for reuse, or null if it was already released.
     */
    int[] releasePreorder() {
        int[] p = preorder;
        preorder = null;
        // the spare children array is dropped too: HeapAnalysis builds the children after releasing the
        // reference graph (4 bytes per object and per reference), so they fit in its place
        spareKids = null;
        return p;
    }

    private void buildChildren() {
        if (children != null) {
            return;
        }
        int[] start = spareStart;
        spareStart = null;
        if (start == null || start.length < n + 2) {
            start = new int[n + 2];
        } else {
            Arrays.fill(start, 0);
        }
        for (int v = 0; v < n; v++) {
            if (idom[v] != UNREACHABLE) {
                start[idom[v] + 2]++; // virtual root's children at slot 0 (idom -1)
            }
        }
        for (int i = 1; i < start.length; i++) {
            start[i] += start[i - 1];
        }
        // each node's children in node (identifier) order: the preorder is not needed, and is released
        // (HeapAnalysis reuses its array for the shortest-path parents before the children are built)
        int[] kids = spareKids;
        spareKids = null;
        if (kids == null || kids.length < reachable) {
            kids = new int[reachable];
        }
        for (int v = 0; v < n; v++) {
            int d = idom[v];
            if (d != UNREACHABLE) {
                kids[start[d + 1]++] = v;
            }
        }
        preorder = null;
        // start[k + 1] moved to the end of k's children = the start of k + 1's; shift back
        System.arraycopy(start, 0, start, 1, n + 1);
        start[0] = 0;
        childStart = start;
        children = kids;
    }

    /** Nodes immediately dominated by {@code node}, or by the virtual root if {@code node} is {@link #VIRTUAL_ROOT}. */
    public int[] children(int node) {
        buildChildren();
        return Arrays.copyOfRange(children, childStart[node + 1], childStart[node + 2]);
    }

    /** Number of nodes immediately dominated by {@code node} (or by the virtual root). */
    public int childCount(int node) {
        buildChildren();
        return childStart[node + 2] - childStart[node + 1];
    }

    /** The {@code i}-th child of {@code node} (or of the virtual root). */
    public int child(int node, int i) {
        buildChildren();
        return children[childStart[node + 1] + i];
    }
}
