package dev.vigil.hprof.analysis;

import dev.vigil.hprof.ProgressListener;
import dev.vigil.hprof.graph.HeapGraph;
import dev.vigil.hprof.graph.SizeModel;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Full analysis of one dump: graph, dominator tree, retained sizes, shortest paths to GC roots,
 * class histogram, leak suspects, biggest dominators and waste. This is the entry point the
 * leak detector and the CLI use:
 * <pre>{@code
 * try (HeapAnalysis analysis = HeapAnalysis.run(Path.of("app.hprof"), HeapAnalysis.Options.DEFAULTS, ProgressListener.NONE)) {
 *     for (LeakSuspect s : analysis.suspects()) System.out.println(s.className() + " " + s.retainedBytes());
 * }
 * }</pre>
 */
public final class HeapAnalysis implements Closeable {

    /**
     * @param suspectThresholdFraction share of the reachable heap above which a top-level dominator (or a class group of them) is a suspect
     * @param accumulationRatio        see {@link LeakSuspects#accumulationPoint}
     * @param sizeModel                shallow-size model, or null for the default for the dump's identifier size
     * @param findWaste                whether to look for duplicate strings and empty collections
     */
    public record Options(double suspectThresholdFraction, double accumulationRatio, SizeModel sizeModel, boolean findWaste,
                          boolean collectBetweenPhases) {
        public static final Options DEFAULTS = new Options(LeakSuspects.DEFAULT_THRESHOLD_FRACTION,
                LeakSuspects.DEFAULT_ACCUMULATION_RATIO, null, true, true);

        /** Options with {@link #collectBetweenPhases()} on. */
        public Options(double suspectThresholdFraction, double accumulationRatio, SizeModel sizeModel, boolean findWaste) {
            this(suspectThresholdFraction, accumulationRatio, sizeModel, findWaste, true);
        }

        public Options withSuspectThresholdFraction(double fraction) {
            return new Options(fraction, accumulationRatio, sizeModel, findWaste, collectBetweenPhases);
        }

        public Options withSizeModel(SizeModel model) {
            return new Options(suspectThresholdFraction, accumulationRatio, model, findWaste, collectBetweenPhases);
        }

        public Options withFindWaste(boolean find) {
            return new Options(suspectThresholdFraction, accumulationRatio, sizeModel, find, collectBetweenPhases);
        }

        /**
         * Whether to call {@link System#gc()} at three phase boundaries (after the graph is built, after the
         * dominator tree, after the references are released; dumps of at least 2^20 objects). On by default: with large dead arrays G1 grows the heap rather than
         * collect, so without it the resident memory runs well above the live data (about 10 ms each on a
         * 1 GB dump: the big arrays are humongous and not copied). Turn it off when the analysis runs
         * inside an application whose pauses matter.
         */
        public Options withCollectBetweenPhases(boolean collect) {
            return new Options(suspectThresholdFraction, accumulationRatio, sizeModel, findWaste, collect);
        }
    }

    private static void collect(Options options, HeapGraph graph) {
        if (options.collectBetweenPhases() && graph.objectCount() >= 1 << 20) { // small dumps: not worth a pause
            System.gc();
        }
    }

    /** A step run on its own (daemon) thread; {@link #join} waits for its result and rethrows its failure. */
    private static final class Background<T> {
        private final Thread thread;
        private T result;
        private Throwable failure;
        private long millis;

        Background(String name, java.util.function.Supplier<T> step) {
            thread = new Thread(() -> {
                long start = System.nanoTime();
                try {
                    result = step.get();
                } catch (Throwable e) {
                    failure = e;
                }
                millis = (System.nanoTime() - start) / 1_000_000;
            }, name);
            thread.setDaemon(true);
            thread.start();
        }

        T join() {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            if (failure instanceof RuntimeException r) throw r;
            if (failure instanceof Error r) throw r;
            if (failure != null) throw new IllegalStateException(failure);
            return result;
        }

        /** Wall time of the step (after {@link #join}). */
        long millis() {
            return millis;
        }
    }

    /** A top-level dominator: an object only the virtual root dominates. */
    public record Dominator(String className, String id, long retainedBytes) {
    }

    private final HeapGraph graph;
    private final DominatorTree dominatorTree;
    private final RetainedSizes retainedSizes;
    private final PathToGcRoot paths;
    private final ClassHistogram histogram;
    private final List<LeakSuspect> suspects;
    private final WastedMemory waste;
    private final long unreachableObjects;
    private final long unreachableShallowBytes;
    private final Map<String, Long> phaseMillis;

    private HeapAnalysis(HeapGraph graph, DominatorTree dominatorTree, RetainedSizes retainedSizes, PathToGcRoot paths,
                         ClassHistogram histogram, List<LeakSuspect> suspects, WastedMemory waste,
                         long unreachableObjects, long unreachableShallowBytes, Map<String, Long> phaseMillis) {
        this.graph = graph;
        this.dominatorTree = dominatorTree;
        this.retainedSizes = retainedSizes;
        this.paths = paths;
        this.histogram = histogram;
        this.suspects = suspects;
        this.waste = waste;
        this.unreachableObjects = unreachableObjects;
        this.unreachableShallowBytes = unreachableShallowBytes;
        this.phaseMillis = phaseMillis;
    }

    /** Analyses a dump (plain or gzipped). */
    public static HeapAnalysis run(Path dump, Options options, ProgressListener progress) throws IOException {
        Map<String, Long> millis = new java.util.LinkedHashMap<>();
        long t0 = System.nanoTime();
        HeapGraph graph = HeapGraph.open(dump, options.sizeModel(), progress);
        try {
            long t1 = System.nanoTime();
            millis.put("graph", (t1 - t0) / 1_000_000);
            collect(options, graph);
            DominatorTree tree = DominatorTree.compute(graph.references(), graph.gcRoots(), progress);
            long tTree = System.nanoTime();
            collect(options, graph);
            // the shortest-path BFS on a second core while the shallow sizes (for the retained sizes), the
            // histogram's counts and the unreachable objects are read in node order (all only read the graph
            // and the tree)
            Background<PathToGcRoot> bfs = new Background<>("vigil-hprof-paths", () -> PathToGcRoot.compute(graph, tree));
            long tS0 = System.nanoTime();
            RetainedSizes.ShallowSizes shallow = RetainedSizes.shallowSizes(tree, graph::shallowBytes);
            long[][] classCounts = ClassHistogram.count(graph, tree);
            long unreachable = 0;
            long unreachableBytes = 0;
            for (int v = 0; v < graph.objectCount(); v++) {
                if (!tree.isReachable(v)) {
                    unreachable++;
                    unreachableBytes += graph.shallowBytes(v);
                }
            }
            long tS1 = System.nanoTime();
            progress.update("paths to GC roots", 0, 1);
            PathToGcRoot paths = bfs.join();
            long tS2 = System.nanoTime();
            // every traversal of the references is done: drop them (2 bytes per object and 4 per reference)
            graph.references().release();
            collect(options, graph);
            long t2 = System.nanoTime();
            millis.put("dominators", (t2 - t1) / 1_000_000);
            // the waste finder's string hashes take the references' place for a while (before the children
            // lists, which take it for good); its second pass needs only a small table, so it runs on a second
            // core beside the children lists and the retained sizes
            WastedMemory.Search waste = options.findWaste() ? WastedMemory.Search.hashStrings(graph, tree, 10, classCounts[0]) : null;
            Background<WastedMemory.Search> duplicates = waste == null ? null
                    : new Background<>("vigil-hprof-waste", waste::countDuplicates);
            long t3 = System.nanoTime();
            tree.prepareChildren();
            long tC = System.nanoTime();
            // the retained sizes, and the histogram's retained bytes per class in the same walk
            ClassHistogram.RetainedByClass byClass = new ClassHistogram.RetainedByClass(graph);
            RetainedSizes retained = shallow.sumUp(byClass);
            ClassHistogram histogram = ClassHistogram.of(graph, classCounts, byClass);
            long tR = System.nanoTime();
            List<LeakSuspect> suspects = LeakSuspects.find(graph, tree, retained, paths,
                    options.suspectThresholdFraction(), options.accumulationRatio());
            long t4 = System.nanoTime();
            WastedMemory wasteFound = duplicates == null ? null : duplicates.join().result(retained);
            long t5 = System.nanoTime();
            if (Boolean.getBoolean("vigil.hprof.timing")) {
                System.err.printf("analysis: dominator tree %d ms, shallow sizes, histogram counts, unreachable %d ms (alongside: paths, "
                                + "%d ms; %d ms more), string hashes %d ms, children %d ms, retained sizes %d ms, suspects %d ms "
                                + "(alongside: waste second pass %d ms; %d ms more)%n",
                        (tTree - t1) / 1_000_000, (tS1 - tS0) / 1_000_000, bfs.millis(), (tS2 - tS1) / 1_000_000,
                        (t3 - t2) / 1_000_000, (tC - t3) / 1_000_000, (tR - tC) / 1_000_000, (t4 - tR) / 1_000_000,
                        duplicates == null ? 0 : duplicates.millis(), (t5 - t4) / 1_000_000);
            }
            millis.put("suspects", (t4 - t3) / 1_000_000);
            millis.put("waste", (t3 - t2 + t5 - t4) / 1_000_000); // the hashing, and the wait for the second pass
            progress.update("done", 1, 1);
            return new HeapAnalysis(graph, tree, retained, paths, histogram, suspects, wasteFound, unreachable, unreachableBytes, millis);
        } catch (RuntimeException | Error e) {
            graph.close();
            throw e;
        }
    }

    public HeapGraph graph() {
        return graph;
    }

    public DominatorTree dominatorTree() {
        return dominatorTree;
    }

    public RetainedSizes retainedSizes() {
        return retainedSizes;
    }

    public PathToGcRoot paths() {
        return paths;
    }

    /** Histogram of reachable objects with retained bytes, largest retained first. */
    public ClassHistogram histogram() {
        return histogram;
    }

    public List<LeakSuspect> suspects() {
        return suspects;
    }

    /** Duplicate strings and empty collections, or null if {@link Options#findWaste()} was false. */
    public WastedMemory waste() {
        return waste;
    }

    /** Objects reachable from GC roots (unreachable objects are set aside, as in MAT). */
    public long reachableObjects() {
        return dominatorTree.reachableCount();
    }

    public long reachableShallowBytes() {
        return retainedSizes.totalReachableBytes();
    }

    public long unreachableObjects() {
        return unreachableObjects;
    }

    public long unreachableShallowBytes() {
        return unreachableShallowBytes;
    }

    /** Wall time per phase, for benchmarks. */
    public Map<String, Long> phaseMillis() {
        return phaseMillis;
    }

    /** The {@code n} top-level dominators that retain the most. */
    public List<Dominator> biggestDominators(int n) {
        int[] top = dominatorTree.children(DominatorTree.VIRTUAL_ROOT);
        List<Integer> nodes = new ArrayList<>();
        for (int v : top) {
            nodes.add(v);
        }
        nodes.sort(Comparator.comparingLong((Integer v) -> retainedSizes.retainedBytes(v)).reversed());
        List<Dominator> result = new ArrayList<>();
        for (int i = 0; i < Math.min(n, nodes.size()); i++) {
            int v = nodes.get(i);
            result.add(new Dominator(graph.typeName(v), LeakSuspects.hex(graph.objectId(v)), retainedSizes.retainedBytes(v)));
        }
        return result;
    }

    /**
     * Retained bytes per dominator path: the chain of class names from a top-level dominator down
     * the dominator tree (runs of the same class collapsed, so a growing linked list keeps one key),
     * for every node retaining at least {@code minRetainedBytes}. Used by {@link HeapDiff}.
     */
    public Map<String, Long> dominatorPathRetainedBytes(long minRetainedBytes, int maxDepth) {
        Map<String, Long> result = new HashMap<>();
        java.util.ArrayDeque<Object[]> stack = new java.util.ArrayDeque<>(); // {node, key, depth, counted}
        for (int v : dominatorTree.children(DominatorTree.VIRTUAL_ROOT)) {
            if (retainedSizes.retainedBytes(v) >= minRetainedBytes) {
                stack.push(new Object[] {v, graph.typeName(v), 1, Boolean.TRUE});
            }
        }
        while (!stack.isEmpty()) {
            Object[] top = stack.pop();
            int v = (Integer) top[0];
            String key = (String) top[1];
            int depth = (Integer) top[2];
            if ((Boolean) top[3]) {
                result.merge(key, retainedSizes.retainedBytes(v), Long::sum);
            }
            for (int i = 0; i < dominatorTree.childCount(v); i++) {
                int c = dominatorTree.child(v, i);
                if (retainedSizes.retainedBytes(c) < minRetainedBytes) {
                    continue;
                }
                String name = graph.typeName(c);
                if (key.equals(name) || key.endsWith(" > " + name)) {
                    // same class as the parent (a chain): same key, not counted again
                    stack.push(new Object[] {c, key, depth, Boolean.FALSE});
                } else if (depth < maxDepth) {
                    stack.push(new Object[] {c, key + " > " + name, depth + 1, Boolean.TRUE});
                }
            }
        }
        return result;
    }

    /** A small summary that outlives the graph, for {@link HeapDiff}. */
    public HeapSummary summary() {
        long minBytes = Math.max(1024, reachableShallowBytes() / 2000);
        return new HeapSummary(reachableObjects(), reachableShallowBytes(), unreachableObjects(), histogram.rows(),
                dominatorPathRetainedBytes(minBytes, 12));
    }

    @Override
    public void close() throws IOException {
        graph.close();
    }
}
