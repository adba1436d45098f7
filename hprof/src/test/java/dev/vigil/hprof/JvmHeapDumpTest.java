package dev.vigil.hprof;

import dev.vigil.hprof.analysis.ClassHistogram;
import dev.vigil.hprof.analysis.HeapAnalysis;
import dev.vigil.hprof.analysis.LeakSuspect;
import dev.vigil.hprof.graph.HeapGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Real dumps written by HotSpot, checked against the JVM's own class histogram and hand-computed retained sizes. */
class JvmHeapDumpTest {
    static HeapAnalysis analysis;

    @BeforeAll
    static void analyse() throws Exception {
        analysis = HeapAnalysis.run(TestDumps.plainDump(), HeapAnalysis.Options.DEFAULTS, ProgressListener.NONE);
    }

    @AfterAll
    static void close() throws Exception {
        analysis.close();
    }

    private static int instanceOf(String className) {
        HeapGraph g = analysis.graph();
        for (int v = 0; v < g.objectCount(); v++) {
            if (g.typeName(v).equals(className)) {
                return v;
            }
        }
        throw new AssertionError("no " + className);
    }

    @Test
    void countsAndShallowBytesMatchTheJvmHistogram() throws Exception {
        Map<String, long[]> jvm = TestDumps.jvmHistogram();
        // the JVM counts what its GC keeps alive; HPROF does not report every root the GC uses (for example the
        // holders of hidden classes), so MAT-style reachability sets some of those objects aside as unreachable.
        // Compare the JVM's numbers with all objects of the dump, reachable or not.
        ClassHistogram ours = ClassHistogram.scan(TestDumps.plainDump(), null, ProgressListener.NONE);
        assertThat(analysis.reachableObjects() + analysis.unreachableObjects()).isEqualTo(ours.totalInstances());
        for (String name : List.of("dev.vigil.hprof.LeakyProgram$ChainNode",
                "java.lang.ref.SoftReference")) {
            assertThat(ours.row(name).instances()).as(name).isEqualTo(jvm.get(name)[0]);
            assertThat(ours.row(name).shallowBytes()).as(name).isEqualTo(jvm.get(name)[1]);
        }
        assertThat(ours.row("dev.vigil.hprof.LeakyProgram$ChainNode").instances()).isEqualTo(5000);
        assertThat(ours.row("dev.vigil.hprof.LeakyProgram$ChainNode").shallowBytes()).isEqualTo(5000 * 24);
        // every instance class: the same shallow bytes per instance as the JVM reports (the size model);
        // counts may differ by the few objects that dumping allocated after the histogram was taken
        List<String> sizeMismatches = new ArrayList<>();
        long matched = 0;
        long sameCount = 0;
        for (ClassHistogram.Row row : ours.rows()) {
            long[] j = jvm.get(row.className());
            if (j == null || row.className().equals("java.lang.Class") || row.className().endsWith("[]")) {
                continue;
            }
            matched++;
            if (row.instances() == j[0]) {
                sameCount++;
            }
            if (row.shallowBytes() * j[0] != j[1] * row.instances() && !explainedByInjectedFields(row.className(), row, j)) {
                sizeMismatches.add(row.className() + " ours " + row.shallowBytes() / row.instances() + " jvm " + j[1] / j[0]);
            }
        }
        assertThat(matched).isGreaterThan(200);
        assertThat(sameCount).isGreaterThan(matched * 9 / 10);
        assertThat(sizeMismatches).isEmpty();
    }

    /**
     * HPROF leaves out the fields the VM injects (ClassLoader.loader_data, Module.module_entry, MemberName.vmindex,
     * ResolvedMethodName.vmholder, CallSiteContext.vmdependencies ...) and the padding of @Contended fields
     * (Thread's threadLocalRandom* fields, 2 x 128 bytes). For those classes the JVM's size is larger than the model's.
     */
    private static boolean explainedByInjectedFields(String className, ClassHistogram.Row ours, long[] jvm) {
        long oursEach = ours.shallowBytes() / ours.instances();
        long jvmEach = jvm[1] / jvm[0];
        boolean injected = java.util.Set.of("java.lang.Module", "java.lang.invoke.MemberName", "java.lang.invoke.ResolvedMethodName",
                "java.lang.invoke.MethodHandleNatives$CallSiteContext").contains(className);
        boolean thread = isSubclassOf(className, "java.lang.Thread");
        boolean loader = isSubclassOf(className, "java.lang.ClassLoader");
        if (thread) {
            return jvmEach - oursEach >= 256 && jvmEach - oursEach <= 272;
        }
        return (injected || loader) && jvmEach > oursEach && jvmEach - oursEach <= 16;
    }

    private static boolean isSubclassOf(String className, String superName) {
        var classes = analysis.graph().classes();
        for (var c : classes) {
            if (c.name().equals(className)) {
                for (var k = c; k != null; k = k.superClassIndex() < 0 ? null : classes.get(k.superClassIndex())) {
                    if (k.name().equals(superName)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @Test
    void retainedSizesOfKnownStructures() {
        HeapGraph g = analysis.graph();
        // the chain head retains all 5000 nodes
        int chainClassObject = -1;
        for (var c : g.classes()) {
            if (c.name().equals("dev.vigil.hprof.LeakyProgram$ChainNode")) {
                assertThat(analysis.histogram().row(c.name()).retainedBytes()).isEqualTo(5000 * 24);
            }
            if (c.name().equals("dev.vigil.hprof.LeakyProgram")) {
                chainClassObject = c.classObjectNode();
            }
        }
        // the LEAK list: ArrayList 24 + Object[4000] 16016 + 4000 x byte[1000] 1016
        int leakList = -1;
        for (int v = 0; v < g.objectCount(); v++) {
            if (g.typeName(v).equals("java.util.ArrayList") && g.intField(v, "size", -1) == 4000) {
                leakList = v;
            }
        }
        assertThat(analysis.retainedSizes().retainedBytes(leakList)).isEqualTo(24 + 16016 + 4000L * 1016);
        assertThat(chainClassObject).isNotNegative();
    }

    @Test
    void leakSuspectPointsAtTheLeakingArray() {
        List<LeakSuspect> suspects = analysis.suspects();
        assertThat(suspects).isNotEmpty();
        LeakSuspect top = suspects.get(0);
        assertThat(top.accumulationPointClass()).isEqualTo("java.lang.Object[]");
        assertThat(top.accumulationPointRetainedBytes()).isEqualTo(16016 + 4000L * 1016);
        assertThat(top.pathToGcRoot()).anyMatch(line -> line.startsWith("static LEAK "));
        assertThat(top.pathToGcRoot().get(0)).contains("[GC root:");
        assertThat(top.retainedPercent()).isGreaterThan(10);
    }

    @Test
    void pathsSkipWeakReferents() {
        int[] weakArray = null;
        HeapGraph g = analysis.graph();
        for (int v = 0; v < g.objectCount(); v++) {
            if (g.typeName(v).equals("int[]") && g.arrayLength(v) == 1) {
                byte[] b = g.primitiveArrayBytes(v, 4);
                if (b[3] == 42 && b[0] == 0) {
                    weakArray = new int[] {v};
                }
            }
        }
        assertThat(weakArray).isNotNull();
        // the int[] {42} is only softly reachable: its path has to end with the referent step
        List<String> path = analysis.paths().describe(weakArray[0]);
        assertThat(path.get(path.size() - 1)).startsWith(".referent (weak/soft referent) int[]");
        assertThat(path.get(path.size() - 2)).contains("java.lang.ref.SoftReference");
    }

    @Test
    void wasteFindsDuplicateStringsAndEmptyCollections() {
        assertThat(analysis.waste().duplicateStringCount()).isGreaterThanOrEqualTo(297);
        assertThat(analysis.waste().topDuplicateStrings()).anyMatch(d -> d.value().startsWith("duplicate-value-") && d.copies() >= 100);
        assertThat(analysis.waste().emptyCollections()).anyMatch(e -> e.className().equals("java.util.HashMap") && e.instances() >= 50);
        assertThat(analysis.waste().emptyCollections()).anyMatch(e -> e.className().equals("java.util.ArrayList") && e.instances() >= 50);
    }

    @Test
    void gzippedDumpGivesTheSameAnswer() throws Exception {
        try (HeapAnalysis gz = HeapAnalysis.run(TestDumps.gzippedDump(), HeapAnalysis.Options.DEFAULTS.withFindWaste(false), ProgressListener.NONE)) {
            assertThat(gz.graph().file().wasGzipped()).isTrue();
            assertThat(gz.histogram().row("dev.vigil.hprof.LeakyProgram$ChainNode").instances()).isEqualTo(5000);
            assertThat(gz.suspects().get(0).accumulationPointRetainedBytes()).isEqualTo(16016 + 4000L * 1016);
        }
    }

    @Test
    void histogramScanAgreesWithTheGraph() throws Exception {
        ClassHistogram scan = ClassHistogram.scan(TestDumps.plainDump(), null, ProgressListener.NONE);
        assertThat(scan.totalInstances()).isEqualTo(analysis.graph().objectCount());
        assertThat(scan.row("byte[]").instances()).isGreaterThanOrEqualTo(4000);
        assertThat(scan.row("dev.vigil.hprof.LeakyProgram$ChainNode").shallowBytes()).isEqualTo(5000 * 24);
    }
}
