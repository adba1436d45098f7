package dev.vigil.hprof.analysis;

import dev.vigil.hprof.ProgressListener;
import dev.vigil.hprof.graph.IntBigArray;
import dev.vigil.hprof.graph.ReferenceGraph;

import java.util.Arrays;

/**
 * Exact dominator tree of the reference graph, rooted at a virtual root whose children are the GC
 * roots. Computed with the semi-NCA algorithm (Georgiadis et al.): an iterative depth-first search,
 * semidominators by link-eval with iterative path compression, then nearest common ancestors.
 * No recursion, no boxing; about 32 bytes per reachable object plus 4 bytes per reference while it
 * runs, 8 bytes per object afterwards.
 */
public final class DominatorTree {
    /** {@link #immediateDominator} of a node dominated only by the virtual root (a top-level dominator). */
    public static final int VIRTUAL_ROOT = -1;
    /** {@link #immediateDominator} of a node no GC root reaches. */
    public static final int UNREACHABLE = -2;

    private final int[] idom;
    private final int[] preorder;
    private int[] childStart;
    private int[] children;

    private DominatorTree(int[] idom, int[] preorder) {
        this.idom = idom;
        this.preorder = preorder;
    }

    public static DominatorTree compute(ReferenceGraph graph, int[] roots) {
        return compute(graph, roots, ProgressListener.NONE);
    }

    public static DominatorTree compute(ReferenceGraph graph, int[] roots, ProgressListener progress) {
        final int n = graph.nodeCount();
        // ---- 1. depth-first search from the virtual root (order 0); orders 1..m are objects
        int[] orderOf = new int[n];
        int[] vertex = new int[n + 1];
        int[] parent = new int[n + 1];
        vertex[0] = -1;
        int m = 0;
        int[] stackNode = new int[1024];
        long[] stackEdge = new long[1024];
        for (int r : roots) {
            if (orderOf[r] != 0) {
                continue;
            }
            orderOf[r] = ++m;
            vertex[m] = r;
            parent[m] = 0;
            int sp = 0;
            stackNode[sp] = r;
            stackEdge[sp] = graph.firstEdge(r);
            sp++;
            while (sp > 0) {
                int v = stackNode[sp - 1];
                long e = stackEdge[sp - 1];
                if (e < graph.firstEdge(v) + graph.outDegree(v)) {
                    stackEdge[sp - 1] = e + 1;
                    int w = graph.target(e);
                    if (orderOf[w] == 0) {
                        orderOf[w] = ++m;
                        vertex[m] = w;
                        parent[m] = orderOf[v];
                        if (sp == stackNode.length) {
                            stackNode = Arrays.copyOf(stackNode, sp * 2);
                            stackEdge = Arrays.copyOf(stackEdge, sp * 2);
                        }
                        stackNode[sp] = w;
                        stackEdge[sp] = graph.firstEdge(w);
                        sp++;
                    }
                } else {
                    sp--;
                }
            }
        }
        stackNode = null;
        stackEdge = null;
        progress.update("dominators", 1, 4);

        // ---- 2. predecessors in order space (including virtual root -> roots)
        long[] predPos = new long[m + 2];
        for (int i = 1; i <= m; i++) {
            int v = vertex[i];
            long end = graph.firstEdge(v) + graph.outDegree(v);
            for (long e = graph.firstEdge(v); e < end; e++) {
                predPos[orderOf[graph.target(e)]]++;
            }
        }
        boolean[] rootSeen = new boolean[m + 1];
        for (int r : roots) {
            if (!rootSeen[orderOf[r]]) {
                rootSeen[orderOf[r]] = true;
                predPos[orderOf[r]]++;
            }
        }
        for (int i = 1; i <= m + 1; i++) {
            predPos[i] += predPos[i - 1];
        }
        IntBigArray preds = IntBigArray.zeros(predPos[m + 1]);
        for (int i = 1; i <= m; i++) {
            int v = vertex[i];
            long end = graph.firstEdge(v) + graph.outDegree(v);
            for (long e = graph.firstEdge(v); e < end; e++) {
                int w = orderOf[graph.target(e)];
                preds.set(--predPos[w], i);
            }
        }
        Arrays.fill(rootSeen, false);
        for (int r : roots) {
            int w = orderOf[r];
            if (!rootSeen[w]) {
                rootSeen[w] = true;
                preds.set(--predPos[w], 0);
            }
        }
        rootSeen = null;
        // predPos[w] is now the start of w's predecessors; predPos[w + 1] is the end
        progress.update("dominators", 2, 4);

        // ---- 3. semidominators
        int[] semi = new int[m + 1];
        int[] label = new int[m + 1];
        int[] ancestor = new int[m + 1];
        int[] path = new int[m + 1];
        for (int i = 0; i <= m; i++) {
            semi[i] = i;
            label[i] = i;
            ancestor[i] = -1;
        }
        for (int w = m; w >= 1; w--) {
            int s = semi[w];
            for (long p = predPos[w], end = predPos[w + 1]; p < end; p++) {
                int v = preds.get(p);
                int u;
                if (ancestor[v] < 0) {
                    u = v;
                } else {
                    // iterative path compression
                    int sp = 0;
                    int x = v;
                    while (ancestor[ancestor[x]] >= 0) {
                        path[sp++] = x;
                        x = ancestor[x];
                    }
                    while (sp > 0) {
                        int y = path[--sp];
                        int a = ancestor[y];
                        if (semi[label[a]] < semi[label[y]]) {
                            label[y] = label[a];
                        }
                        ancestor[y] = ancestor[a];
                    }
                    u = label[v];
                }
                if (semi[u] < s) {
                    s = semi[u];
                }
            }
            semi[w] = s;
            ancestor[w] = parent[w];
        }
        preds = null;
        path = null;
        ancestor = null;
        progress.update("dominators", 3, 4);

        // ---- 4. immediate dominators: nearest common ancestor of parent and semidominator
        int[] idomOrder = label;
        idomOrder[0] = 0;
        for (int w = 1; w <= m; w++) {
            int x = parent[w];
            while (x > semi[w]) {
                x = idomOrder[x];
            }
            idomOrder[w] = x;
        }
        int[] idom = new int[n];
        Arrays.fill(idom, UNREACHABLE);
        int[] preorder = new int[m];
        for (int w = 1; w <= m; w++) {
            int v = vertex[w];
            preorder[w - 1] = v;
            int d = idomOrder[w];
            idom[v] = d == 0 ? VIRTUAL_ROOT : vertex[d];
        }
        progress.update("dominators", 4, 4);
        return new DominatorTree(idom, preorder);
    }

    public int nodeCount() {
        return idom.length;
    }

    /** The immediate dominator of a node, {@link #VIRTUAL_ROOT} or {@link #UNREACHABLE}. */
    public int immediateDominator(int node) {
        return idom[node];
    }

    public boolean isReachable(int node) {
        return idom[node] != UNREACHABLE;
    }

    public int reachableCount() {
        return preorder.length;
    }

    /** Reachable nodes in depth-first preorder: every node comes after its immediate dominator. */
    public int preorderNode(int i) {
        return preorder[i];
    }

    private void buildChildren() {
        if (children != null) {
            return;
        }
        int n = idom.length;
        int[] start = new int[n + 2];
        for (int v : preorder) {
            start[idom[v] + 2]++; // virtual root's children at slot 0 (idom -1)
        }
        for (int i = 1; i < start.length; i++) {
            start[i] += start[i - 1];
        }
        int[] kids = new int[preorder.length];
        int[] cursor = Arrays.copyOf(start, start.length);
        for (int v : preorder) {
            kids[cursor[idom[v] + 1]++] = v;
        }
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
