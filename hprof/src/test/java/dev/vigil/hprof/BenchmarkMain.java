package dev.vigil.hprof;

import dev.vigil.hprof.analysis.ClassHistogram;
import dev.vigil.hprof.analysis.HeapAnalysis;

import java.nio.file.Path;

/** Entry point for bench/run-benchmark.sh: {@code analyze|histo|shark-index DUMP}. */
public final class BenchmarkMain {
    public static void main(String[] args) throws Exception {
        Path dump = Path.of(args[1]);
        long[] peakAnonKb = {0};
        Thread sampler = new Thread(() -> {
            // RssAnon: memory the process allocated (Java heap, metaspace, native), without the mapped
            // dump pages (RssFile), which /usr/bin/time's "maximum resident set size" includes
            while (true) {
                try {
                    for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
                        if (line.startsWith("RssAnon:")) {
                            long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                            peakAnonKb[0] = Math.max(peakAnonKb[0], kb);
                        }
                    }
                    Thread.sleep(10);
                } catch (Exception e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        long start = System.nanoTime();
        switch (args[0]) {
            case "analyze":
                try (HeapAnalysis a = HeapAnalysis.run(dump, HeapAnalysis.Options.DEFAULTS, ProgressListener.NONE)) {
                    System.err.println("objects " + a.graph().objectCount() + " edges " + a.graph().references().edgeCount()
                            + " suspects " + a.suspects().size() + " biggest retained " + a.biggestDominators(1).get(0).retainedBytes()
                            + " phases " + a.phaseMillis());
                }
                break;
            case "histo":
                System.err.println("classes " + ClassHistogram.scan(dump, null, ProgressListener.NONE).rows().size());
                break;
            case "shark-index": {
                java.util.Set<shark.HprofRecordTag> tags = java.util.EnumSet.noneOf(shark.HprofRecordTag.class);
                for (shark.HprofRecordTag tag : shark.HprofRecordTag.values()) {
                    if (tag.name().startsWith("ROOT_")) tags.add(tag);
                }
                try (shark.CloseableHeapGraph g = shark.HprofHeapGraph.Companion.openHeapGraph(dump.toFile(), null, tags)) {
                    System.err.println("objects " + g.getObjectCount());
                }
                break;
            }
            case "shark": {
                // Shark's full dominator tree: PathFinder BFS from all GC roots with retained-size
                // tracking, then retained sizes for every object (ObjectDominators, as `shark-cli dump-tree`)
                try (shark.CloseableHeapGraph g = shark.HprofHeapGraph.Companion.openHeapGraph(dump.toFile(), null,
                        shark.HprofIndex.Companion.defaultIndexedGcRootTags())) {
                    String tree = new shark.internal.ObjectDominators().renderDominatorTree(g, java.util.List.of(),
                            50 << 20, null, false);
                    System.err.println("objects " + g.getObjectCount() + " dominator tree lines (>= 50 MB) " + tree.lines().count());
                }
                break;
            }
            case "visualvm": {
                // VisualVM's heap library (org.graalvm.visualvm.lib.jfluid.heap), by reflection: the jar comes
                // from the Debian package, not Maven. Retained sizes of all objects via the biggest objects.
                Class<?> factory = Class.forName("org.graalvm.visualvm.lib.jfluid.heap.HeapFactory");
                Object heap = factory.getMethod("createHeap", java.io.File.class).invoke(null, dump.toFile());
                Class<?> heapType = Class.forName("org.graalvm.visualvm.lib.jfluid.heap.Heap");
                Object summary = heapType.getMethod("getSummary").invoke(heap);
                java.util.List<?> biggest = (java.util.List<?>) heapType.getMethod("getBiggestObjectsByRetainedSize", int.class)
                        .invoke(heap, 10);
                Object top = biggest.get(0);
                java.lang.reflect.Method retained = Class.forName("org.graalvm.visualvm.lib.jfluid.heap.Instance").getMethod("getRetainedSize");
                System.err.println("objects " + Class.forName("org.graalvm.visualvm.lib.jfluid.heap.HeapSummary").getMethod("getTotalLiveInstances").invoke(summary)
                        + " biggest retained " + retained.invoke(top));
                break;
            }
            default:
                throw new IllegalArgumentException(args[0]);
        }
        System.err.println(args[0] + " took " + (System.nanoTime() - start) / 1_000_000 + " ms, peak RssAnon "
                + peakAnonKb[0] / 1024 + " MB");
    }
}
