package dev.vigil.hprof.graph;

/**
 * Outgoing references of every object in compressed sparse rows: node {@code v}'s references are
 * edges {@code start(v) .. start(v + 1) - 1} of one {@code int} array (about 2 bytes per node for the
 * starts, a {@link DeltaArray}, plus 4 per reference). An edge marked weak is the {@code referent} of a weak, soft or phantom
 * {@link java.lang.ref.Reference}: the dominator tree follows it (as MAT does), shortest paths to GC
 * roots avoid it. At most 2^31 - 1 references per graph.
 */
public final class ReferenceGraph {
    static final int WEAK_BIT = 0x8000_0000;

    private DeltaArray start;
    private int[] edges;
    private final int nodeCount;
    private final long storedEdges;
    /**
     * Implicit edges (not stored): node {@code v} also references {@code classNode[class index of v]}
     * when that is {@code >= 0} (instance or array → its class object, class object → java.lang.Class).
     * The class index is {@code classes.get(v)} (the graph's own per-object index).
     */
    private final ClassIndexes classes;
    private final int[] classNode;
    private final long implicitEdges;

    /** @param start {@code n + 1} offsets, {@code start[n]} is the number of edges; {@code edges} raw targets */
    public ReferenceGraph(int[] start, int[] edges) {
        this(start, edges, (ClassIndexes) null, null);
    }

    /**
     * A graph whose nodes also reference the class object of their class without storing that edge:
     * {@code classNode[c]} is the node of class {@code c}'s class object, or -1 for no implicit edge.
     */
    public ReferenceGraph(int[] start, int[] edges, char[] classSmall, int[] classInt, int[] classNode) {
        this(start, edges, classNode == null ? null : ClassIndexes.of(classSmall, classInt, classNode.length), classNode);
    }

    ReferenceGraph(int[] start, int[] edges, ClassIndexes classes, int[] classNode) {
        this.start = DeltaArray.of(start.length, i -> start[i]);
        this.edges = edges;
        this.nodeCount = start.length - 1;
        this.storedEdges = start[start.length - 1];
        this.classes = classes;
        this.classNode = classNode;
        long implicit = 0;
        if (classNode != null) {
            for (int v = 0, n = start.length - 1; v < n; v++) {
                if (implicitTarget(v) >= 0) implicit++;
            }
        }
        this.implicitEdges = implicit;
    }

    /**
     * The target of node {@code v}'s implicit (strong) edge to its class object, or -1. It comes after
     * the stored edges {@code start(v) .. end(v) - 1}; every traversal must follow it too.
     */
    public int implicitTarget(int v) {
        int[] cn = classNode;
        if (cn == null) {
            return -1;
        }
        return cn[classes.get(v)];
    }

    /** Builds a graph from adjacency lists (tests and small graphs). */
    public static ReferenceGraph of(int[][] adjacency) {
        int n = adjacency.length;
        int[] start = new int[n + 1];
        for (int v = 0; v < n; v++) {
            start[v + 1] = start[v] + adjacency[v].length;
        }
        int[] edges = new int[start[n]];
        for (int v = 0; v < n; v++) {
            System.arraycopy(adjacency[v], 0, edges, start[v], adjacency[v].length);
        }
        return new ReferenceGraph(start, edges);
    }

    public int nodeCount() {
        return nodeCount;
    }

    /** Number of references, implicit class edges included (still known after {@link #release}). */
    public long edgeCount() {
        return storedEdges + implicitEdges;
    }

    /**
     * Drops the stored edges (4 bytes per object and per reference) once every traversal is done; the
     * edges can no longer be read afterwards ({@code HeapAnalysis} calls this after the dominator tree
     * and the shortest paths, before the dominator children lists are built).
     */
    public void release() {
        start = null;
        edges = null;
    }

    /** True once {@link #release} was called: edges can no longer be read. */
    public boolean isReleased() {
        return edges == null;
    }

    /** First edge of a node. */
    public int start(int node) {
        return (int) start.get(node);
    }

    /** One past the last edge of a node. */
    public int end(int node) {
        return (int) start.get(node + 1);
    }

    public long firstEdge(int node) {
        return start.get(node);
    }

    /** Number of references of a node, its implicit class edge included. */
    public int outDegree(int node) {
        return end(node) - start(node) + (implicitTarget(node) >= 0 ? 1 : 0);
    }

    /** Target node of an edge. */
    public int target(long edge) {
        return edges[(int) edge] & ~WEAK_BIT;
    }

    /** Target node of an edge. */
    public int target(int edge) {
        return edges[edge] & ~WEAK_BIT;
    }

    /** True if the edge is the referent of a weak, soft or phantom reference. */
    public boolean isWeak(long edge) {
        return edges[(int) edge] < 0;
    }

    /** Raw edge value: the target, with the sign bit set for weak edges. */
    public int rawEdge(long edge) {
        return edges[(int) edge];
    }

    /** Raw edge value: the target, with the sign bit set for weak edges. */
    public int raw(int edge) {
        return edges[edge];
    }

    public long allocatedBytes() {
        return edges == null ? 0 : start.allocatedBytes() + 4L * edges.length;
    }
}
