package dev.vigil.hprof.graph;

import dev.vigil.hprof.ProgressListener;
import dev.vigil.hprof.reader.ClassDump;
import dev.vigil.hprof.reader.HprofFile;
import dev.vigil.hprof.reader.HprofFormatException;
import dev.vigil.hprof.reader.HprofReader;
import dev.vigil.hprof.reader.HprofTag;
import dev.vigil.hprof.reader.HprofVisitor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link HeapGraph} in two sequential passes over the dump. Pass 1 collects object
 * identifiers and record offsets (no per-object Java objects), class dumps, strings and roots;
 * the identifiers are sorted to give dense indexes. Pass 2 decodes references into adjacency lists.
 */
final class HeapGraphBuilder {
    private final HprofFile file;
    private final HprofReader reader;
    private final int idSize;
    private final SizeModel model;
    private final ProgressListener progress;

    HeapGraphBuilder(HprofFile file, SizeModel sizeModel, ProgressListener progress) {
        this.file = file;
        this.reader = new HprofReader(file);
        this.idSize = reader.idSizeBytes();
        this.model = sizeModel != null ? sizeModel : SizeModel.forIdentifierSize(idSize);
        this.progress = progress;
    }

    // ---- pass 1 state
    private LongArrayList ids;
    private LongArrayList offsets;
    private final LongLongHashMap strings = new LongLongHashMap(1 << 12);
    private final LongLongHashMap classNameIds = new LongLongHashMap(1 << 12);
    private final List<ClassDump> classDumps = new ArrayList<>();
    private final LongArrayList rootIds = new LongArrayList(1024);
    private final IntArrayList rootTags = new IntArrayList(1024);
    private final IntArrayList rootThreadSerials = new IntArrayList(1024);
    private final Map<Integer, Long> threadIdBySerial = new HashMap<>();

    // ---- resolved
    private ObjectIdIndex index;
    private long[] recordOffsets;
    private final List<HeapClass> classes = new ArrayList<>();
    private final LongLongHashMap classIndexById = new LongLongHashMap(1 << 12);
    private final int[] primitiveArrayClass = new int[12];
    private int javaLangClass;

    HeapGraph build() {
        long size = file.sizeBytes();
        int expectedObjects = (int) Math.min(Integer.MAX_VALUE - 64, Math.max(1024, size / 64));
        ids = new LongArrayList(expectedObjects);
        offsets = new LongArrayList(expectedObjects);
        reader.scan(new IndexingPass(size));
        long[] sortedIds = ids.toArray();
        ids = null;
        recordOffsets = offsets.toArray();
        offsets = null;
        progress.update("sorting ids", 0, sortedIds.length);
        ObjectIdIndex.sortTogether(sortedIds, recordOffsets);
        for (int i = 1; i < sortedIds.length; i++) {
            if (sortedIds[i] == sortedIds[i - 1]) {
                long second = Math.max(recordOffsets[i], recordOffsets[i - 1]);
                throw new HprofFormatException(second, HprofTag.subRecordName(file.u1(second)),
                        "duplicate object id 0x" + Long.toHexString(sortedIds[i]));
            }
        }
        if (sortedIds.length > 0 && sortedIds[0] == 0) {
            throw new HprofFormatException(recordOffsets[0], HprofTag.subRecordName(file.u1(recordOffsets[0])), "object id 0 (null)");
        }
        index = new ObjectIdIndex(sortedIds);
        resolveClasses();
        int n = sortedIds.length;
        byte[] rootKind = new byte[n];
        long[] extra = resolveRootsAndExtraEdges(rootKind);
        EdgePass edges = new EdgePass(n, extra, size);
        reader.scan(edges);
        int rootCount = 0;
        for (byte b : rootKind) {
            if (b != 0) rootCount++;
        }
        int[] roots = new int[rootCount];
        for (int v = 0, k = 0; v < n; v++) {
            if (rootKind[v] != 0) roots[k++] = v;
        }
        for (int v = 0; v < n; v++) {
            if (edges.classOf[v] < 0) {
                throw new HprofFormatException(recordOffsets[v], "", "object was not seen in the second pass");
            }
        }
        ReferenceGraph graph = new ReferenceGraph(edges.firstEdge, edges.outDegree, edges.edges);
        return new HeapGraph(file, reader.version(), idSize, model, index, recordOffsets, edges.classOf, edges.shallowUnits,
                classes, graph, roots, rootKind, extra, strings, javaLangClass, classIndexById);
    }

    private final class IndexingPass implements HprofVisitor {
        private final long size;

        IndexingPass(long size) {
            this.size = size;
        }

        @Override
        public void utf8(long id, long bytesOffset, int length) {
            strings.put(id, bytesOffset);
        }

        @Override
        public void loadClass(int classSerial, long classObjectId, long nameId) {
            classNameIds.put(classObjectId, nameId);
        }

        @Override
        public void gcRoot(int rootTag, long objectId, int threadSerial, long recordOffset) {
            rootIds.add(objectId);
            rootTags.add(rootTag);
            rootThreadSerials.add(threadSerial);
            if (rootTag == HprofTag.ROOT_THREAD_OBJECT) {
                threadIdBySerial.put(threadSerial, objectId);
            }
        }

        @Override
        public void classDump(ClassDump dump) {
            classDumps.add(dump);
            ids.add(dump.classId());
            offsets.add(dump.recordOffset());
        }

        @Override
        public void instanceDump(long objectId, long recordOffset, long classId, long fieldsOffset, int fieldsLength) {
            ids.add(objectId);
            offsets.add(recordOffset);
        }

        @Override
        public void objectArrayDump(long objectId, long recordOffset, long arrayClassId, long elementsOffset, int length) {
            ids.add(objectId);
            offsets.add(recordOffset);
        }

        @Override
        public void primitiveArrayDump(long objectId, long recordOffset, int elementType, long elementsOffset, int length) {
            ids.add(objectId);
            offsets.add(recordOffset);
        }

        @Override
        public void progress(long offset) {
            progress.update("indexing", offset, size);
        }
    }

    private String stringOrNull(long id) {
        long offset = strings.get(id, -1);
        if (offset < 0) {
            return null;
        }
        int length = (int) (file.u4(offset - idSize - 4) - idSize);
        byte[] bytes = new byte[length];
        file.bytes(offset, bytes, 0, length);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    private void resolveClasses() {
        for (ClassDump dump : classDumps) {
            if (classIndexById.get(dump.classId(), -1) >= 0) {
                throw new HprofFormatException(dump.recordOffset(), "CLASS_DUMP", "duplicate class id 0x" + Long.toHexString(dump.classId()));
            }
            String internal = stringOrNull(classNameIds.get(dump.classId(), 0));
            String name = internal == null ? "unknown-class@0x" + Long.toHexString(dump.classId()) : HeapClass.javaName(internal);
            HeapClass.Kind kind = name.endsWith("[]") ? HeapClass.Kind.OBJECT_ARRAY : HeapClass.Kind.INSTANCE;
            HeapClass c = new HeapClass(classes.size(), name, kind, dump, 0);
            c.classObjectNode = index.find(dump.classId());
            classIndexById.put(dump.classId(), c.index);
            classes.add(c);
        }
        Arrays.fill(primitiveArrayClass, -1);
        for (int type = HprofTag.TYPE_BOOLEAN; type <= HprofTag.TYPE_LONG; type++) {
            HeapClass c = new HeapClass(classes.size(), HeapClass.primitiveArrayName(type), HeapClass.Kind.PRIMITIVE_ARRAY, null, type);
            primitiveArrayClass[type] = c.index;
            classes.add(c);
        }
        javaLangClass = -1;
        for (HeapClass c : classes) {
            if (c.name.equals("java.lang.Class")) {
                javaLangClass = c.index;
            }
        }
        if (javaLangClass < 0) {
            HeapClass c = new HeapClass(classes.size(), "java.lang.Class", HeapClass.Kind.INSTANCE, null, 0);
            javaLangClass = c.index;
            classes.add(c);
        }
        for (HeapClass c : classes) {
            if (c.dump != null) {
                c.superIndex = (int) classIndexById.get(c.dump.superClassId(), -1);
            }
        }
        for (HeapClass c : classes) {
            layOut(c);
        }
        HeapClass classClass = classes.get(javaLangClass);
        for (HeapClass c : classes) {
            if (c.dump != null) {
                long staticBytes = 0;
                for (byte type : c.dump.staticFieldTypes()) {
                    staticBytes += type == HprofTag.TYPE_OBJECT ? model.referenceBytes() : HprofTag.valueSizeBytes(type, idSize);
                }
                c.classObjectShallowBytes = model.align(Math.max(classClass.instanceShallowBytes, model.objectHeaderBytes()) + staticBytes);
            }
        }
    }

    private void layOut(HeapClass c) {
        if (c.kind != HeapClass.Kind.INSTANCE || c.dump == null) {
            return;
        }
        LongArrayList names = new LongArrayList(16);
        IntArrayList types = new IntArrayList(16);
        IntArrayList fieldOffsets = new IntArrayList(16);
        IntArrayList refOffsets = new IntArrayList(8);
        long modelBytes = 0;
        int offset = 0;
        boolean isReference = false;
        boolean isFinalReference = false;
        int referent = -1;
        int depth = 0;
        for (HeapClass k = c; k != null; k = k.superIndex < 0 ? null : classes.get(k.superIndex)) {
            if (++depth > 10_000) {
                throw new HprofFormatException(c.dump.recordOffset(), "CLASS_DUMP", "superclass chain of " + c.name + " has a cycle");
            }
            if (k.name.equals("java.lang.ref.Reference")) isReference = true;
            if (k.name.equals("java.lang.ref.FinalReference")) isFinalReference = true;
            if (k.dump == null) {
                continue;
            }
            long[] fieldNames = k.dump.instanceFieldNameIds();
            byte[] fieldTypes = k.dump.instanceFieldTypes();
            for (int i = 0; i < fieldNames.length; i++) {
                int type = fieldTypes[i];
                names.add(fieldNames[i]);
                types.add(type);
                fieldOffsets.add(offset);
                if (type == HprofTag.TYPE_OBJECT) {
                    refOffsets.add(offset);
                    modelBytes += model.referenceBytes();
                    if (k.name.equals("java.lang.ref.Reference") && "referent".equals(stringOrNull(fieldNames[i]))) {
                        referent = offset;
                    }
                } else {
                    modelBytes += HprofTag.valueSizeBytes(type, idSize);
                }
                offset += HprofTag.valueSizeBytes(type, idSize);
            }
        }
        c.chainFieldNameIds = names.toArray();
        byte[] typeBytes = new byte[types.size()];
        for (int i = 0; i < typeBytes.length; i++) typeBytes[i] = (byte) types.get(i);
        c.chainFieldTypes = typeBytes;
        c.chainFieldOffsets = fieldOffsets.toArray();
        c.referenceFieldOffsets = refOffsets.toArray();
        c.referentOffset = isReference && !isFinalReference ? referent : -1;
        c.fieldBytesInDump = offset;
        c.instanceShallowBytes = model.instanceBytes(modelBytes);
    }

    private static boolean isThreadLocalRoot(int tag) {
        return tag == HprofTag.ROOT_JAVA_FRAME || tag == HprofTag.ROOT_JNI_LOCAL
                || tag == HprofTag.ROOT_NATIVE_STACK || tag == HprofTag.ROOT_THREAD_BLOCK;
    }

    /** Marks root nodes and returns the sorted extra edges (owner << 32 | target). */
    private long[] resolveRootsAndExtraEdges(byte[] rootKind) {
        LongArrayList extra = new LongArrayList(1024);
        for (int i = 0; i < rootIds.size(); i++) {
            int target = index.find(rootIds.get(i));
            if (target < 0) {
                continue; // roots that point at objects not in the dump are ignored, as MAT does
            }
            int tag = rootTags.get(i);
            if (isThreadLocalRoot(tag)) {
                Long threadId = threadIdBySerial.get(rootThreadSerials.get(i));
                int thread = threadId == null ? -1 : index.find(threadId);
                if (thread >= 0) {
                    if (thread != target) {
                        extra.add(((long) thread << 32) | target);
                    }
                    continue;
                }
            }
            if (rootKind[target] == 0) {
                rootKind[target] = (byte) tag;
            }
        }
        for (HeapClass c : classes) {
            if (c.dump != null && c.dump.classLoaderId() != 0 && c.classObjectNode >= 0) {
                int loader = index.find(c.dump.classLoaderId());
                if (loader >= 0 && loader != c.classObjectNode) {
                    extra.add(((long) loader << 32) | c.classObjectNode);
                }
            }
        }
        long[] sorted = extra.toArray();
        Arrays.sort(sorted);
        int distinct = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                sorted[distinct++] = sorted[i];
            }
        }
        return Arrays.copyOf(sorted, distinct);
    }

    private final class EdgePass implements HprofVisitor {
        final int[] classOf;
        final int[] shallowUnits;
        final long[] firstEdge;
        final int[] outDegree;
        final IntBigArray edges;
        private final long[] extra;
        private final BitSet hasExtra;
        private final long size;

        EdgePass(int n, long[] extra, long size) {
            classOf = new int[n];
            Arrays.fill(classOf, -1);
            shallowUnits = new int[n];
            firstEdge = new long[n];
            outDegree = new int[n];
            edges = new IntBigArray(Math.max(1024, (long) n * 3));
            this.extra = extra;
            this.size = size;
            hasExtra = new BitSet(n);
            for (long e : extra) {
                hasExtra.set((int) (e >>> 32));
            }
        }

        private int node(long objectId, long recordOffset) {
            int node = index.find(objectId);
            if (node < 0 || recordOffsets[node] != recordOffset) {
                throw new HprofFormatException(recordOffset, HprofTag.subRecordName(file.u1(recordOffset)),
                        "object 0x" + Long.toHexString(objectId) + " changed between passes");
            }
            return node;
        }

        private void addReference(long id, boolean weak) {
            if (id != 0) {
                int target = index.find(id);
                if (target >= 0) {
                    edges.add(weak ? target | ReferenceGraph.WEAK_BIT : target);
                }
            }
        }

        private void addNode(int target) {
            if (target >= 0) {
                edges.add(target);
            }
        }

        private void finish(int node, long start) {
            if (hasExtra.get(node)) {
                int i = Arrays.binarySearch(extra, (long) node << 32);
                if (i < 0) i = -i - 1;
                for (; i < extra.length && (int) (extra[i] >>> 32) == node; i++) {
                    edges.add((int) extra[i]);
                }
            }
            long count = edges.size() - start;
            if (count > Integer.MAX_VALUE) {
                throw new IllegalStateException("object has more than 2^31 references");
            }
            firstEdge[node] = start;
            outDegree[node] = (int) count;
        }

        private int units(long bytes) {
            return (int) Math.min(Integer.MAX_VALUE, bytes >>> 3);
        }

        private HeapClass classById(long classId, long recordOffset, String what) {
            long c = classIndexById.get(classId, -1);
            if (c < 0) {
                throw new HprofFormatException(recordOffset, HprofTag.subRecordName(file.u1(recordOffset)),
                        what + " 0x" + Long.toHexString(classId) + " has no CLASS_DUMP");
            }
            return classes.get((int) c);
        }

        @Override
        public void instanceDump(long objectId, long recordOffset, long classId, long fieldsOffset, int fieldsLength) {
            int node = node(objectId, recordOffset);
            HeapClass c = classById(classId, recordOffset, "class id");
            if (c.kind != HeapClass.Kind.INSTANCE) {
                throw new HprofFormatException(recordOffset, "INSTANCE_DUMP", "class " + c.name + " is an array class");
            }
            if (fieldsLength != c.fieldBytesInDump) {
                throw new HprofFormatException(recordOffset, "INSTANCE_DUMP", "field data is " + fieldsLength
                        + " bytes but class " + c.name + " and its superclasses declare " + c.fieldBytesInDump);
            }
            classOf[node] = c.index;
            shallowUnits[node] = units(c.instanceShallowBytes);
            long start = edges.size();
            int referent = c.referentOffset;
            for (int offset : c.referenceFieldOffsets) {
                addReference(file.id(fieldsOffset + offset, idSize), offset == referent);
            }
            addNode(c.classObjectNode);
            finish(node, start);
        }

        @Override
        public void objectArrayDump(long objectId, long recordOffset, long arrayClassId, long elementsOffset, int length) {
            int node = node(objectId, recordOffset);
            HeapClass c = classById(arrayClassId, recordOffset, "array class id");
            classOf[node] = c.index;
            shallowUnits[node] = units(model.arrayBytes(length, model.referenceBytes()));
            long start = edges.size();
            for (int i = 0; i < length; i++) {
                addReference(file.id(elementsOffset + (long) i * idSize, idSize), false);
            }
            addNode(c.classObjectNode);
            finish(node, start);
        }

        @Override
        public void primitiveArrayDump(long objectId, long recordOffset, int elementType, long elementsOffset, int length) {
            int node = node(objectId, recordOffset);
            classOf[node] = primitiveArrayClass[elementType];
            shallowUnits[node] = units(model.arrayBytes(length, HprofTag.valueSizeBytes(elementType, idSize)));
            finish(node, edges.size());
        }

        @Override
        public void classDump(ClassDump dump) {
            int node = node(dump.classId(), dump.recordOffset());
            HeapClass c = classes.get((int) classIndexById.get(dump.classId(), -1));
            classOf[node] = javaLangClass;
            shallowUnits[node] = units(c.classObjectShallowBytes);
            long start = edges.size();
            addReference(dump.superClassId(), false);
            addReference(dump.classLoaderId(), false);
            addReference(dump.signersId(), false);
            addReference(dump.protectionDomainId(), false);
            for (long id : dump.constantPoolObjectIds()) {
                addReference(id, false);
            }
            for (int i = 0; i < dump.staticFieldTypes().length; i++) {
                if (dump.staticFieldTypes()[i] == HprofTag.TYPE_OBJECT) {
                    addReference(dump.staticFieldValues()[i], false);
                }
            }
            addNode(classes.get(javaLangClass).classObjectNode);
            finish(node, start);
        }

        @Override
        public void progress(long offset) {
            progress.update("reading references", offset, size);
        }
    }
}
