package dev.vigil.hprof.graph;

/**
 * Outgoing references of every object as compressed adjacency lists: node {@code v}'s references are
 * edges {@code firstEdge(v) .. firstEdge(v) + outDegree(v) - 1} of one big int array. An edge marked
 * weak is the {@code referent} of a weak, soft or phantom {@link java.lang.ref.Reference}: the dominator
 * tree follows it (as MAT does), shortest paths to GC roots avoid it.
 */
public final class ReferenceGraph {
    static final int WEAK_BIT = 0x8000_0000;

    private final long[] firstEdge;
    private final int[] outDegree;
    private final IntBigArray edges;

    public ReferenceGraph(long[] firstEdge, int[] outDegree, IntBigArray edges) {
        this.firstEdge = firstEdge;
        this.outDegree = outDegree;
        this.edges = edges;
    }

    /** Builds a graph from adjacency lists (tests and small graphs). */
    public static ReferenceGraph of(int[][] adjacency) {
        int n = adjacency.length;
        long[] first = new long[n];
        int[] degree = new int[n];
        IntBigArray edges = new IntBigArray(16);
        for (int v = 0; v < n; v++) {
            first[v] = edges.size();
            degree[v] = adjacency[v].length;
            for (int t : adjacency[v]) {
                edges.add(t);
            }
        }
        return new ReferenceGraph(first, degree, edges);
    }

    public int nodeCount() {
        return outDegree.length;
    }

    public long edgeCount() {
        return edges.size();
    }

    public long firstEdge(int node) {
        return firstEdge[node];
    }

    public int outDegree(int node) {
        return outDegree[node];
    }

    /** Target node of an edge. */
    public int target(long edge) {
        return edges.get(edge) & ~WEAK_BIT;
    }

    /** True if the edge is the referent of a weak, soft or phantom reference. */
    public boolean isWeak(long edge) {
        return edges.get(edge) < 0;
    }

    /** Raw edge value: the target, with the sign bit set for weak edges. */
    public int rawEdge(long edge) {
        return edges.get(edge);
    }

    public long allocatedBytes() {
        return 12L * outDegree.length + edges.allocatedBytes();
    }
}
