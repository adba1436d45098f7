package dev.vigil.hprof;

import dev.vigil.hprof.analysis.DominatorTree;
import dev.vigil.hprof.analysis.HeapAnalysis;
import dev.vigil.hprof.analysis.HeapDiff;
import dev.vigil.hprof.graph.HeapGraph;
import dev.vigil.hprof.reader.HprofTag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Hand-built dumps with identifier sizes 4 and 8, one HEAP_DUMP or shuffled segments, and exact expectations. */
class SyntheticDumpTest {
    @TempDir
    Path dir;

    static final byte OBJ = HprofTag.TYPE_OBJECT;
    static final byte INT = HprofTag.TYPE_INT;

    /**
     * Object (no fields) <- Node {next: Object, value: int}; Holder extends Node {extra: Object}.
     * JNI global root a: Holder(next=b, extra=d); b: Node(next=c); c: Node; d: byte[100].
     * Thread t (ROOT_THREAD_OBJECT, serial 7) has a JAVA_FRAME local e: Node(next=c) -- c is then shared.
     * u: Node, unreachable. Leak: Object[] arr held by static field LEAK of class Node, with 50 byte[1000].
     */
    static SyntheticDump build(int idSize, int leakElements) {
        SyntheticDump d = new SyntheticDump(idSize);
        long object = d.defineClass("java/lang/Object", 0, new String[0], new byte[0], new String[0], new long[0]);
        d.defineClass("java/lang/Class", object, new String[0], new byte[0], new String[0], new long[0]);
        long thread = d.defineClass("java/lang/Thread", object, new String[] {"name"}, new byte[] {OBJ}, new String[0], new long[0]);
        long arrayClass = d.defineClass("[Ljava/lang/Object;", object, new String[0], new byte[0], new String[0], new long[0]);
        long[] leak = new long[leakElements];
        for (int i = 0; i < leakElements; i++) {
            leak[i] = d.byteArray(1000);
        }
        long arr = d.objectArray(arrayClass, leak);
        long node = d.defineClass("dev/x/Node", object, new String[] {"next", "value"}, new byte[] {OBJ, INT},
                new String[] {"LEAK"}, new long[] {arr});
        long holder = d.defineClass("dev/x/Holder", node, new String[] {"extra"}, new byte[] {OBJ}, new String[0], new long[0]);
        long c = d.instance(node, 0, 3);
        long b = d.instance(node, c, 2);
        long dd = d.byteArray(100);
        long a = d.instance(holder, dd, b, 1); // own field (extra) first, then Node's (next, value)
        long e = d.instance(node, c, 5);
        long t = d.instance(thread, 0);
        d.instance(node, 0, 9); // unreachable
        d.root(HprofTag.ROOT_JNI_GLOBAL, a, 0);
        d.root(HprofTag.ROOT_THREAD_OBJECT, t, 7);
        d.root(HprofTag.ROOT_JAVA_FRAME, e, 7);
        d.root(HprofTag.ROOT_STICKY_CLASS, node, 0);
        d.root(HprofTag.ROOT_STICKY_CLASS, holder, 0);
        d.root(HprofTag.ROOT_STICKY_CLASS, arrayClass, 0);
        d.root(HprofTag.ROOT_STICKY_CLASS, thread, 0);
        return d;
    }

    private Path write(byte[] bytes, String name) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @ParameterizedTest
    @CsvSource({"4,false", "4,true", "8,false", "8,true"})
    void exactGraphAndSizes(int idSize, boolean segments) throws Exception {
        Path dump = write(build(idSize, 50).toBytes(segments, 7), "s.hprof");
        try (HeapAnalysis analysis = HeapAnalysis.run(dump, HeapAnalysis.Options.DEFAULTS, ProgressListener.NONE)) {
            HeapGraph g = analysis.graph();
            assertThat(g.idSizeBytes()).isEqualTo(idSize);
            assertThat(g.hprofVersion()).isEqualTo(segments ? "1.0.2" : "1.0.1");
            // header 8 (32-bit) or 12 (64-bit compressed oops); references 4 bytes in both models
            int header = idSize == 4 ? 8 : 12;
            int arrayHeader = idSize == 4 ? 12 : 16;
            long nodeSize = align(header + 4 + 4);
            long holderSize = align(header + 4 + 4 + 4);
            long byte100 = align(arrayHeader + 100);
            assertThat(analysis.histogram().row("dev.x.Node").instances()).isEqualTo(3); // b, c, e reachable; u is not
            assertThat(analysis.histogram().row("dev.x.Node").shallowBytes()).isEqualTo(3 * nodeSize);
            assertThat(analysis.unreachableObjects()).isEqualTo(1);
            int a = nodeWith(g, "dev.x.Holder");
            // a retains itself, b and d; c is shared with e (held by the thread), so the virtual root dominates c
            assertThat(analysis.retainedSizes().retainedBytes(a)).isEqualTo(holderSize + nodeSize + byte100);
            // e is a Java local of thread t: the path goes through the thread object
            int t = nodeWith(g, "java.lang.Thread");
            assertThat(g.gcRootKind(t)).isEqualTo(HprofTag.ROOT_THREAD_OBJECT);
            int e = -1;
            for (int v = 0; v < g.objectCount(); v++) {
                if (g.typeName(v).equals("dev.x.Node") && g.intField(v, "value", -1) == 5) e = v;
            }
            assertThat(analysis.paths().describe(e)).hasSize(2);
            assertThat(analysis.paths().describe(e).get(1)).startsWith("<Java local> dev.x.Node");
            assertThat(analysis.dominatorTree().immediateDominator(e)).isEqualTo(t);
            // the leak: class Node (sticky root) -> static LEAK -> Object[50] -> 50 x byte[1000]
            long arraySize = align(arrayHeader + 50 * 4);
            long byte1000 = align(arrayHeader + 1000);
            assertThat(analysis.suspects()).isNotEmpty();
            var suspect = analysis.suspects().get(0);
            assertThat(suspect.accumulationPointClass()).isEqualTo("java.lang.Object[]");
            assertThat(suspect.accumulationPointRetainedBytes()).isEqualTo(arraySize + 50 * byte1000);
            assertThat(suspect.pathToGcRoot()).containsExactly(
                    "class dev.x.Node @ 0x" + Long.toHexString(g.objectId(g.classes().stream()
                            .filter(k -> k.name().equals("dev.x.Node")).findFirst().orElseThrow().classObjectNode())) + " [GC root: system class]",
                    "static LEAK java.lang.Object[] @ " + suspect.accumulationPointId());
            assertThat(analysis.dominatorTree().immediateDominator(a)).isEqualTo(DominatorTree.VIRTUAL_ROOT);
        }
    }

    private static long align(long n) {
        return (n + 7) & ~7L;
    }

    private static int nodeWith(HeapGraph g, String className) {
        for (int v = 0; v < g.objectCount(); v++) {
            if (g.typeName(v).equals(className)) return v;
        }
        throw new AssertionError(className);
    }

    @ParameterizedTest
    @CsvSource({"4", "8"})
    void diffShowsTheGrowth(int idSize) throws Exception {
        Path before = write(build(idSize, 10).toBytes(true, 1), "before.hprof");
        Path after = write(build(idSize, 60).toBytes(true, 2), "after.hprof");
        HeapDiff diff;
        try (HeapAnalysis b = HeapAnalysis.run(before, HeapAnalysis.Options.DEFAULTS, ProgressListener.NONE);
             HeapAnalysis c = HeapAnalysis.run(after, HeapAnalysis.Options.DEFAULTS, ProgressListener.NONE)) {
            diff = HeapDiff.compare(b.summary(), c.summary());
        }
        int arrayHeader = idSize == 4 ? 12 : 16;
        var bytes = diff.classes().get(0);
        assertThat(bytes.className()).isEqualTo("byte[]");
        assertThat(bytes.instancesDelta()).isEqualTo(50);
        assertThat(bytes.shallowBytesDelta()).isEqualTo(50 * align(arrayHeader + 1000));
        assertThat(diff.grownDominatorPaths().get(0).path()).isEqualTo("class dev.x.Node > java.lang.Object[]");
        assertThat(diff.grownDominatorPaths().get(0).retainedBytesDelta()).isEqualTo(50 * align(arrayHeader + 1000) + 50 * 4);
    }
}
