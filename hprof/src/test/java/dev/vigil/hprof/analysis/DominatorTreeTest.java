package dev.vigil.hprof.analysis;

import dev.vigil.hprof.graph.ReferenceGraph;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Semi-NCA dominators and retained sizes against a brute-force reference on many small random graphs. */
class DominatorTreeTest {

    /** Nodes reachable from the roots when {@code removed} is deleted (-1: nothing deleted). */
    private static boolean[] reachableWithout(int[][] adj, int[] roots, int removed) {
        boolean[] seen = new boolean[adj.length];
        java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>();
        for (int r : roots) {
            if (r != removed && !seen[r]) {
                seen[r] = true;
                queue.add(r);
            }
        }
        while (!queue.isEmpty()) {
            int v = queue.poll();
            for (int w : adj[v]) {
                if (w != removed && !seen[w]) {
                    seen[w] = true;
                    queue.add(w);
                }
            }
        }
        return seen;
    }

    @Test
    void matchesBruteForceOnRandomGraphs() {
        matchBruteForce(new Random(42), 3000);
    }

    /** The same with every two-halves pass (see NodeHalves) on two threads, however small the graph. */
    @Test
    void matchesBruteForceWithHalvesOnTwoThreads() {
        int saved = NodeHalves.minNodesForHelper;
        NodeHalves.minNodesForHelper = 0;
        try {
            matchBruteForce(new Random(43), 500);
        } finally {
            NodeHalves.minNodesForHelper = saved;
        }
    }

    private static void matchBruteForce(Random random, int rounds) {
        for (int round = 0; round < rounds; round++) {
            int n = 1 + random.nextInt(round < rounds / 2 ? 8 : 40);
            double density = random.nextDouble() * 3;
            int[][] adj = new int[n][];
            for (int v = 0; v < n; v++) {
                int degree = (int) (random.nextDouble() * density * 2);
                adj[v] = new int[degree];
                for (int k = 0; k < degree; k++) {
                    adj[v][k] = random.nextInt(n);
                }
            }
            int rootCount = 1 + random.nextInt(Math.min(n, 3));
            int[] roots = new int[rootCount];
            for (int k = 0; k < rootCount; k++) {
                roots[k] = random.nextInt(n);
            }
            long[] shallow = new long[n];
            for (int v = 0; v < n; v++) {
                shallow[v] = 8 + 8 * random.nextInt(10);
            }
            DominatorTree tree = DominatorTree.compute(ReferenceGraph.of(adj), roots);
            RetainedSizes retained = RetainedSizes.compute(tree, v -> shallow[v]);

            boolean[] reachable = reachableWithout(adj, roots, -1);
            // dominators of w: d such that removing d makes w unreachable (w itself excluded)
            boolean[][] dominates = new boolean[n][n];
            for (int d = 0; d < n; d++) {
                boolean[] without = reachableWithout(adj, roots, d);
                for (int w = 0; w < n; w++) {
                    dominates[d][w] = reachable[w] && w != d && !without[w];
                }
            }
            long total = 0;
            for (int w = 0; w < n; w++) {
                String context = "round " + round + " node " + w;
                if (!reachable[w]) {
                    assertThat(tree.immediateDominator(w)).as(context).isEqualTo(DominatorTree.UNREACHABLE);
                    continue;
                }
                total += shallow[w];
                // idom = the strict dominator that all other strict dominators dominate
                int expectedIdom = DominatorTree.VIRTUAL_ROOT;
                for (int d = 0; d < n; d++) {
                    if (dominates[d][w]) {
                        boolean closest = true;
                        for (int e = 0; e < n; e++) {
                            if (e != d && dominates[e][w] && !dominates[e][d]) {
                                closest = false;
                            }
                        }
                        if (closest) {
                            expectedIdom = d;
                        }
                    }
                }
                assertThat(tree.immediateDominator(w)).as(context).isEqualTo(expectedIdom);
                // retained = shallow of w and of everything that becomes unreachable without w
                boolean[] without = reachableWithout(adj, roots, w);
                long expectedRetained = 0;
                for (int x = 0; x < n; x++) {
                    if (reachable[x] && (x == w || !without[x])) {
                        expectedRetained += shallow[x];
                    }
                }
                assertThat(retained.retainedBytes(w)).as(context).isEqualTo(expectedRetained);
            }
            assertThat(retained.totalReachableBytes()).isEqualTo(total);
            // children lists are consistent with idom
            List<Integer> fromChildren = new ArrayList<>();
            for (int v = -1; v < n; v++) {
                for (int c : tree.children(v)) {
                    assertThat(tree.immediateDominator(c)).isEqualTo(v);
                    fromChildren.add(c);
                }
            }
            assertThat(fromChildren).hasSize(tree.reachableCount());
        }
    }

    /** Long trivial chains (singly linked lists) next to short ones: retained sizes summed two ways. */
    @Test
    void retainedSizesOfLongTrivialChainsMatchBruteForce() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            int n = 2 + random.nextInt(120);
            List<List<Integer>> lists = new ArrayList<>();
            for (int v = 0; v < n; v++) {
                lists.add(new ArrayList<>());
            }
            // mostly a chain (v - 1 -> v), sometimes a branch from an earlier node, a few extra edges
            for (int v = 1; v < n; v++) {
                int from = random.nextInt(4) == 0 ? random.nextInt(v) : v - 1;
                lists.get(from).add(v);
            }
            for (int k = random.nextInt(4); k > 0; k--) {
                lists.get(random.nextInt(n)).add(random.nextInt(n));
            }
            int[][] adj = new int[n][];
            for (int v = 0; v < n; v++) {
                adj[v] = lists.get(v).stream().mapToInt(Integer::intValue).toArray();
            }
            int[] roots = {0};
            long[] shallow = new long[n];
            for (int v = 0; v < n; v++) {
                shallow[v] = 8 * (1 + random.nextInt(5)) + (round % 2); // odd rounds: not in 8-byte units
            }
            RetainedSizes retained = RetainedSizes.compute(DominatorTree.compute(ReferenceGraph.of(adj), roots), v -> shallow[v]);
            boolean[] reachable = reachableWithout(adj, roots, -1);
            for (int w = 0; w < n; w++) {
                if (!reachable[w]) {
                    continue;
                }
                boolean[] without = reachableWithout(adj, roots, w);
                long expected = 0;
                for (int x = 0; x < n; x++) {
                    if (reachable[x] && (x == w || !without[x])) {
                        expected += shallow[x];
                    }
                }
                assertThat(retained.retainedBytes(w)).as("round " + round + " node " + w).isEqualTo(expected);
            }
        }
    }

    @Test
    void deepChainNeedsNoRecursion() {
        int n = 2_000_000;
        int[][] adj = new int[n][];
        for (int v = 0; v < n; v++) {
            adj[v] = v + 1 < n ? new int[] {v + 1, 0} : new int[0];
        }
        DominatorTree tree = DominatorTree.compute(ReferenceGraph.of(adj), new int[] {0});
        RetainedSizes retained = RetainedSizes.compute(tree, v -> 16);
        assertThat(tree.immediateDominator(n - 1)).isEqualTo(n - 2);
        assertThat(retained.retainedBytes(0)).isEqualTo(16L * n);
        assertThat(retained.retainedBytes(n / 2)).isEqualTo(16L * (n - n / 2));
    }
}
