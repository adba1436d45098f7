package dev.vigil.hprof;

import dev.vigil.hprof.analysis.ClassHistogram;
import dev.vigil.hprof.analysis.HeapAnalysis;

import java.nio.file.Path;

/** Entry point for bench/run-benchmark.sh: {@code analyze|histo|shark-index DUMP}. */
public final class BenchmarkMain {
    public static void main(String[] args) throws Exception {
        Path dump = Path.of(args[1]);
        long start = System.nanoTime();
        switch (args[0]) {
            case "analyze":
                try (HeapAnalysis a = HeapAnalysis.run(dump, HeapAnalysis.Options.DEFAULTS, ProgressListener.NONE)) {
                    System.err.println("objects " + a.graph().objectCount() + " edges " + a.graph().references().edgeCount()
                            + " suspects " + a.suspects().size() + " phases " + a.phaseMillis());
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
            default:
                throw new IllegalArgumentException(args[0]);
        }
        System.err.println(args[0] + " took " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }
}
