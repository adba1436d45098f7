package dev.vigil.hprof.graph;

/**
 * Outgoing references of every object in compressed sparse rows: node {@code v}'s references are
 * edges {@code start(v) .. start(v + 1) - 1} of one {@code int} array (4 bytes per node plus 4 per
 * reference). An edge marked weak is the {@code referent} of a weak, soft or phantom
 * {@link java.lang.ref.Reference}: the dominator tree follows it (as MAT does), shortest paths to GC
 * roots avoid it. At most 2^31 - 1 references per graph.
 */
public final class ReferenceGraph {
    static final int WEAK_BIT = 0x8000_0000;

    private final int[] start;
    private final int[] edges;

    /** @param start {@code n + 1} offsets, {@code start[n]} is the number of edges; {@code edges} raw targets */
    public ReferenceGraph(int[] start, int[] edges) {
        this.start = start;
        this.edges = edges;
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
        return start.length - 1;
    }

    public long edgeCount() {
        return start[start.length - 1];
    }

    /** First edge of a node. */
    public int start(int node) {
        return start[node];
    }

    /** One past the last edge of a node. */
    public int end(int node) {
        return start[node + 1];
    }

    public long firstEdge(int node) {
        return start[node];
    }

    public int outDegree(int node) {
        return start[node + 1] - start[node];
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
        return 4L * start.length + 4L * edges.length;
    }
}
