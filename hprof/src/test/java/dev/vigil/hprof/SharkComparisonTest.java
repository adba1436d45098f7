package dev.vigil.hprof;

import dev.vigil.hprof.graph.HeapClass;
import dev.vigil.hprof.graph.HeapGraph;
import dev.vigil.hprof.reader.HprofTag;
import org.junit.jupiter.api.Test;
import shark.CloseableHeapGraph;
import shark.HeapObject;
import shark.HprofHeapGraph;

import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Side by side with LeakCanary's Shark on the same HotSpot dump: the same objects, the same classes,
 * and shallow sizes that differ exactly as the size models say. Shark's byteSize is the HPROF field
 * data (references at the 8-byte identifier size, no header, no alignment); Vigil models HotSpot:
 * align8(12-byte header + fields with 4-byte compressed references), arrays align8(16 + length x element).
 */
class SharkComparisonTest {

    @Test
    void sameObjectsAndSizesExplainedByTheSizeModel() throws Exception {
        try (HeapGraph ours = HeapGraph.open(TestDumps.plainDump());
             CloseableHeapGraph peer = HprofHeapGraph.Companion.openHeapGraph(TestDumps.plainDump().toFile(), null, rootTags())) {
            assertThat(ours.objectCount()).isEqualTo(peer.getObjectCount());
            assertThat(peer.getIdentifierByteSize()).isEqualTo(ours.idSizeBytes());
            long instances = 0;
            for (Iterator<HeapObject.HeapInstance> it = peer.getInstances().iterator(); it.hasNext(); ) {
                HeapObject.HeapInstance instance = it.next();
                int node = ours.findObject(instance.getObjectId());
                assertThat(node).isNotNegative();
                HeapClass c = ours.classOf(node);
                assertThat(c.name()).isEqualTo(instance.getInstanceClassName());
                long references = 0;
                for (HeapClass k = c; k != null; k = k.superClassIndex() < 0 ? null : ours.classes().get(k.superClassIndex())) {
                    for (byte type : k.dump().instanceFieldTypes()) {
                        if (type == HprofTag.TYPE_OBJECT) references++;
                    }
                }
                long expected = align8(12 + instance.getByteSize() - references * (8 - 4));
                assertThat(ours.shallowBytes(node)).as(c.name()).isEqualTo(expected);
                instances++;
            }
            assertThat(instances).isEqualTo(peer.getInstanceCount());
            for (Iterator<HeapObject.HeapObjectArray> it = peer.getObjectArrays().iterator(); it.hasNext(); ) {
                HeapObject.HeapObjectArray array = it.next();
                int node = ours.findObject(array.getObjectId());
                assertThat(ours.classOf(node).name()).isEqualTo(array.getArrayClassName());
                // Shark: length x 8-byte ids; Vigil: 16-byte header + length x 4-byte compressed references
                long length = array.getByteSize() / 8;
                assertThat(ours.shallowBytes(node)).isEqualTo(align8(16 + length * 4));
            }
            for (Iterator<HeapObject.HeapPrimitiveArray> it = peer.getPrimitiveArrays().iterator(); it.hasNext(); ) {
                HeapObject.HeapPrimitiveArray array = it.next();
                int node = ours.findObject(array.getObjectId());
                assertThat(ours.classOf(node).name()).isEqualTo(array.getArrayClassName());
                assertThat(ours.shallowBytes(node)).isEqualTo(align8(16 + array.getByteSize()));
            }
            assertThat(peer.getClassCount()).isEqualTo((int) ours.classes().stream().filter(k -> k.dump() != null).count());
            // Shark's GC roots are the dump's root records; Vigil moves thread-local ones onto their thread (MAT semantics)
            List<shark.GcRoot> sharkRoots = peer.getGcRoots();
            assertThat(sharkRoots).isNotEmpty();
            for (shark.GcRoot root : sharkRoots) {
                if (root instanceof shark.GcRoot.StickyClass || root instanceof shark.GcRoot.JniGlobal) {
                    int node = ours.findObject(root.getId());
                    if (node >= 0) {
                        assertThat(ours.gcRootKind(node)).isNotZero();
                    }
                }
            }
        }
    }

    private static java.util.Set<shark.HprofRecordTag> rootTags() {
        java.util.Set<shark.HprofRecordTag> tags = java.util.EnumSet.noneOf(shark.HprofRecordTag.class);
        for (shark.HprofRecordTag tag : shark.HprofRecordTag.values()) {
            if (tag.name().startsWith("ROOT_")) tags.add(tag);
        }
        return tags;
    }

    private static long align8(long n) {
        return (n + 7) & ~7L;
    }
}
