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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds a {@link HeapGraph} in three sequential passes over the mapped dump, with no per-object Java
 * objects and no hash lookups per reference:
 * <ol>
 * <li>the {@link HprofReader} pass validates every record and collects class dumps, strings, roots
 *     and the object identifiers into a sparse bitmap ({@link ObjectIdIndex}); the dense index of an
 *     object is its rank there (identifier order), so nothing is sorted;</li>
 * <li>a count pass decodes each object record straight from the mapping: record offset and class per
 *     node, and the number of references that resolve to objects of the dump;</li>
 * <li>a fill pass writes the references into one {@code int} array at the node's row (CSR).</li>
 * </ol>
 * Passes 2 and 3 run over chunks of about 32 MiB on up to two threads (nodes are disjoint).
 */
final class HeapGraphBuilder {
    private static final long CHUNK_BYTES = 32L << 20;

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
    private ObjectIdIndex.Builder ids = new ObjectIdIndex.Builder(3);
    private final LongLongHashMap strings = new LongLongHashMap(1 << 12);
    private final LongLongHashMap classNameIds = new LongLongHashMap(1 << 12);
    private final List<ClassDump> classDumps = new ArrayList<>();
    private final LongArrayList rootIds = new LongArrayList(1024);
    private final IntArrayList rootTags = new IntArrayList(1024);
    private final IntArrayList rootThreadSerials = new IntArrayList(1024);
    private final Map<Integer, Long> threadIdBySerial = new HashMap<>();
    /** Work chunks: start, end pairs of sub-record runs. */
    private final LongArrayList chunks = new LongArrayList(64);

    // ---- resolved
    private ObjectIdIndex index;
    private final List<HeapClass> classes = new ArrayList<>();
    private final LongLongHashMap classIndexById = new LongLongHashMap(1 << 12);
    private final int[] primitiveArrayClass = new int[12];
    private int javaLangClass;

    // ---- passes 2 and 3
    private int[] offsetLow;
    private byte[] offsetHigh;
    /** class index per node: 2 bytes when there are at most 65 535 classes, else 4 */
    private char[] classOfSmall;
    private int[] classOf;
    private int[] start;
    private int[] edges;
    private long[] extra;
    private BitSet hasExtra;
    private HeapClass[] classArray;

    HeapGraph build() {
        long size = file.sizeBytes();
        long t0 = System.nanoTime();
        reader.scan(new IndexingPass(size));
        long t1 = System.nanoTime();
        if (ids.misaligned()) {
            // identifiers that are not 8-byte aligned: index every byte address instead
            ids = new ObjectIdIndex.Builder(0);
            reader.scan(new HprofVisitor() {
                @Override public void classDump(ClassDump d) { addId(d.classId(), d.recordOffset()); }
                @Override public void instanceDump(long id, long off, long c, long f, int l) { addId(id, off); }
                @Override public void objectArrayDump(long id, long off, long c, long e, int l) { addId(id, off); }
                @Override public void primitiveArrayDump(long id, long off, int t, long e, int l) { addId(id, off); }
            });
        }
        progress.update("indexing ids", 0, 1);
        index = ids.build();
        ids = null;
        resolveClasses();
        classArray = classes.toArray(new HeapClass[0]);
        int n = index.size();
        byte[] rootKind = new byte[n];
        extra = resolveRootsAndExtraEdges(rootKind);
        hasExtra = new BitSet(n);
        for (long e : extra) {
            hasExtra.set((int) (e >>> 32));
        }
        offsetLow = new int[n];
        offsetHigh = size > 0xFFFF_FFFFL ? new byte[n] : null;
        if (classes.size() <= 0xFFFF) {
            classOfSmall = new char[n];
        } else {
            classOf = new int[n];
        }
        start = new int[n + 1];
        long t2 = System.nanoTime();
        runChunks(false, size);
        long t3 = System.nanoTime();
        long total = 0;
        for (int i = 1; i <= n; i++) {
            total += start[i];
            if (total > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("the dump has more than 2^31 references, which Vigil does not support");
            }
            start[i] = (int) total;
        }
        edges = new int[(int) total];
        long t4 = System.nanoTime();
        runChunks(true, size);
        long t5 = System.nanoTime();
        if (Boolean.getBoolean("vigil.hprof.timing")) {
            System.err.printf("graph: scan %d ms, index+classes %d ms, count %d ms, fill %d ms (%d objects, %d references, %d chunks)%n",
                    (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (t5 - t4) / 1_000_000, n, total, chunks.size() / 2);
        }
        int rootCount = 0;
        for (byte b : rootKind) {
            if (b != 0) rootCount++;
        }
        int[] roots = new int[rootCount];
        byte[] rootKinds = new byte[rootCount]; // parallel to roots: a byte per root, not per object
        for (int v = 0, k = 0; v < n; v++) {
            if (rootKind[v] != 0) {
                rootKinds[k] = rootKind[v];
                roots[k++] = v;
            }
        }
        rootKind = null;
        // instance → class, array → class and class → java.lang.Class edges are implicit (not stored):
        // the per-object class index and this table give them (4 bytes per object saved)
        int[] classNode = new int[classArray.length];
        for (HeapClass c : classArray) {
            classNode[c.index] = c.classObjectNode;
        }
        // offsets and starts in 2 bytes per object instead of 4 (one at a time: each int[] is dropped once copied)
        DeltaArray offsets = packOffsets(offsetLow, offsetHigh);
        offsetLow = null;
        offsetHigh = null;
        ClassIndexes classIndexes = ClassIndexes.of(classOfSmall, classOf, classArray.length);
        classOfSmall = null;
        classOf = null;
        ReferenceGraph graph = new ReferenceGraph(start, edges, classIndexes, classNode);
        start = null;
        return new HeapGraph(file, reader.version(), idSize, model, index, offsets, classIndexes,
                classes, graph, roots, rootKinds, extra, strings, javaLangClass, classIndexById);
    }

    private static DeltaArray packOffsets(int[] low, byte[] high) {
        return DeltaArray.of(low.length, i -> (low[i] & 0xffff_ffffL) | (high == null ? 0 : (high[i] & 0xffL) << 32));
    }

    private void addId(long id, long recordOffset) {
        if (id == 0) {
            throw new HprofFormatException(recordOffset, HprofTag.subRecordName(file.u1(recordOffset)), "object id 0 (null)");
        }
        if (!ids.add(id)) {
            throw new HprofFormatException(recordOffset, HprofTag.subRecordName(file.u1(recordOffset)),
                    "duplicate object id 0x" + Long.toHexString(id));
        }
    }

    private final class IndexingPass implements HprofVisitor {
        private final long size;
        private long chunkStart = -1;
        private long recordEnd;

        IndexingPass(long size) {
            this.size = size;
        }

        @Override
        public void heapDumpRecord(long recordOffset, long bodyOffset, long endOffset) {
            closeChunk(recordEnd);
            chunkStart = bodyOffset;
            recordEnd = endOffset;
        }

        private void closeChunk(long end) {
            if (chunkStart >= 0 && end > chunkStart) {
                chunks.add(chunkStart);
                chunks.add(end);
            }
            chunkStart = -1;
        }

        private void object(long id, long recordOffset) {
            if (recordOffset - chunkStart >= CHUNK_BYTES) {
                long end = recordEnd;
                closeChunk(recordOffset);
                chunkStart = recordOffset;
                recordEnd = end;
            }
            addId(id, recordOffset);
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
            object(dump.classId(), dump.recordOffset());
        }

        @Override
        public void instanceDump(long objectId, long recordOffset, long classId, long fieldsOffset, int fieldsLength) {
            object(objectId, recordOffset);
        }

        @Override
        public void objectArrayDump(long objectId, long recordOffset, long arrayClassId, long elementsOffset, int length) {
            object(objectId, recordOffset);
        }

        @Override
        public void primitiveArrayDump(long objectId, long recordOffset, int elementType, long elementsOffset, int length) {
            object(objectId, recordOffset);
        }

        @Override
        public void progress(long offset) {
            if (offset >= size) {
                closeChunk(recordEnd);
            }
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


    // ---- passes 2 (count) and 3 (fill)

    private void runChunks(boolean fill, long size) {
        int chunkCount = chunks.size() / 2;
        int threads = chunkCount > 1 ? Math.min(2, Runtime.getRuntime().availableProcessors()) : 1;
        RuntimeException[] failures = new RuntimeException[chunkCount];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        String phase = fill ? "reading references" : "counting references";
        Runnable worker = () -> {
            for (int c; (c = next.getAndIncrement()) < chunkCount; ) {
                try {
                    walk(chunks.get(2 * c), chunks.get(2 * c + 1), fill);
                } catch (RuntimeException e) {
                    failures[c] = e;
                }
                done.incrementAndGet();
            }
        };
        if (threads == 1) {
            worker.run();
        } else {
            Thread[] pool = new Thread[threads - 1];
            for (int i = 0; i < pool.length; i++) {
                pool[i] = new Thread(worker, "vigil-hprof-" + i);
                pool[i].setDaemon(true);
                pool[i].start();
            }
            worker.run();
            for (Thread t : pool) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        }
        progress.update(phase, size, size);
        for (RuntimeException e : failures) {
            if (e != null) {
                throw e; // the first one in file order
            }
        }
    }

    private HprofFormatException error(long position, String problem) {
        return new HprofFormatException(position, HprofTag.subRecordName(file.u1(position)), problem);
    }

    /** Decodes the sub-records in [p, end) (validated by pass 1). */
    private void walk(long p, long end, boolean fill) {
        final HprofFile f = file;
        final int id = idSize;
        final ObjectIdIndex ix = index;
        final int[] out = fill ? edges : null;
        long lastClassId = 0;
        HeapClass lastClass = null;
        while (p < end) {
            int sub = f.u1(p);
            switch (sub) {
                case HprofTag.INSTANCE_DUMP: {
                    int node = ix.find(f.id(p + 1, id));
                    long classId = f.id(p + 1 + id + 4, id);
                    int fieldBytes = f.i4(p + 1 + 2L * id + 4);
                    long fields = p + 1 + 2L * id + 8;
                    HeapClass c;
                    if (classId == lastClassId && lastClass != null) {
                        c = lastClass;
                    } else {
                        long ci = classIndexById.get(classId, -1);
                        if (ci < 0) {
                            throw error(p, "class id 0x" + Long.toHexString(classId) + " has no CLASS_DUMP");
                        }
                        c = classArray[(int) ci];
                        if (c.kind != HeapClass.Kind.INSTANCE) {
                            throw error(p, "class " + c.name + " is an array class");
                        }
                        lastClassId = classId;
                        lastClass = c;
                    }
                    if (fieldBytes != c.fieldBytesInDump) {
                        throw error(p, "field data is " + fieldBytes + " bytes but class " + c.name
                                + " and its superclasses declare " + c.fieldBytesInDump);
                    }
                    int[] refs = c.referenceFieldOffsets;
                    int referent = c.referentOffset;
                    if (!fill) {
                        setNode(node, p, c.index);
                        int degree = 0;
                        for (int off : refs) {
                            long target = f.id(fields + off, id);
                            if (target != 0 && ix.find(target) >= 0) degree++;
                        }
                        start[node + 1] = degree + extraCount(node);
                    } else {
                        int pos = start[node];
                        for (int off : refs) {
                            long target = f.id(fields + off, id);
                            if (target != 0) {
                                int t = ix.find(target);
                                if (t >= 0) out[pos++] = off == referent ? t | ReferenceGraph.WEAK_BIT : t;
                            }
                        }
                        appendExtra(node, pos);
                    }
                    p = fields + fieldBytes;
                    break;
                }
                case HprofTag.OBJECT_ARRAY_DUMP: {
                    int node = ix.find(f.id(p + 1, id));
                    int length = f.i4(p + 1 + id + 4);
                    long classId = f.id(p + 1 + id + 8, id);
                    long elements = p + 1 + 2L * id + 8;
                    long ci = classIndexById.get(classId, -1);
                    if (ci < 0) {
                        throw error(p, "array class id 0x" + Long.toHexString(classId) + " has no CLASS_DUMP");
                    }
                    HeapClass c = classArray[(int) ci];
                    long stop = elements + (long) length * id;
                    if (!fill) {
                        setNode(node, p, c.index);
                        int degree = 0;
                        for (long e = elements; e < stop; e += id) {
                            long target = f.id(e, id);
                            if (target != 0 && ix.find(target) >= 0) degree++;
                        }
                        start[node + 1] = degree + extraCount(node);
                    } else {
                        int pos = start[node];
                        for (long e = elements; e < stop; e += id) {
                            long target = f.id(e, id);
                            if (target != 0) {
                                int t = ix.find(target);
                                if (t >= 0) out[pos++] = t;
                            }
                        }
                        appendExtra(node, pos);
                    }
                    p = stop;
                    break;
                }
                case HprofTag.PRIMITIVE_ARRAY_DUMP: {
                    int node = ix.find(f.id(p + 1, id));
                    int length = f.i4(p + 1 + id + 4);
                    int type = f.u1(p + 1 + id + 8);
                    if (!fill) {
                        setNode(node, p, primitiveArrayClass[type]);
                        start[node + 1] = extraCount(node);
                    } else {
                        appendExtra(node, start[node]);
                    }
                    p = p + 1 + id + 9 + (long) length * HprofTag.valueSizeBytes(type, id);
                    break;
                }
                case HprofTag.CLASS_DUMP: {
                    long classId = f.id(p + 1, id);
                    int node = ix.find(classId);
                    HeapClass c = classArray[(int) classIndexById.get(classId, -1)];
                    ClassDump d = c.dump;
                    if (!fill) {
                        setNode(node, p, javaLangClass);
                        int degree = resolves(d.superClassId()) + resolves(d.classLoaderId()) + resolves(d.signersId())
                                + resolves(d.protectionDomainId());
                        for (long ref : d.constantPoolObjectIds()) degree += resolves(ref);
                        byte[] types = d.staticFieldTypes();
                        long[] values = d.staticFieldValues();
                        for (int i = 0; i < types.length; i++) {
                            if (types[i] == HprofTag.TYPE_OBJECT) degree += resolves(values[i]);
                        }
                        start[node + 1] = degree + extraCount(node);
                    } else {
                        int pos = start[node];
                        pos = put(out, pos, d.superClassId());
                        pos = put(out, pos, d.classLoaderId());
                        pos = put(out, pos, d.signersId());
                        pos = put(out, pos, d.protectionDomainId());
                        for (long ref : d.constantPoolObjectIds()) pos = put(out, pos, ref);
                        byte[] types = d.staticFieldTypes();
                        long[] values = d.staticFieldValues();
                        for (int i = 0; i < types.length; i++) {
                            if (types[i] == HprofTag.TYPE_OBJECT) pos = put(out, pos, values[i]);
                        }
                        appendExtra(node, pos);
                    }
                    p = classDumpEnd(p);
                    break;
                }
                case HprofTag.ROOT_UNKNOWN:
                case HprofTag.ROOT_STICKY_CLASS:
                case HprofTag.ROOT_MONITOR_USED:
                    p += 1 + id;
                    break;
                case HprofTag.ROOT_JNI_GLOBAL:
                    p += 1 + 2L * id;
                    break;
                case HprofTag.ROOT_JNI_LOCAL:
                case HprofTag.ROOT_JAVA_FRAME:
                case HprofTag.ROOT_THREAD_OBJECT:
                    p += 1 + id + 8;
                    break;
                case HprofTag.ROOT_NATIVE_STACK:
                case HprofTag.ROOT_THREAD_BLOCK:
                    p += 1 + id + 4;
                    break;
                default:
                    throw error(p, "unknown sub-record tag 0x" + Integer.toHexString(sub));
            }
        }
    }

    private void setNode(int node, long recordOffset, int classIndex) {
        offsetLow[node] = (int) recordOffset;
        if (offsetHigh != null) {
            offsetHigh[node] = (byte) (recordOffset >>> 32);
        }
        if (classOfSmall != null) {
            classOfSmall[node] = (char) classIndex;
        } else {
            classOf[node] = classIndex;
        }
    }

    private int resolves(long id) {
        return id != 0 && index.find(id) >= 0 ? 1 : 0;
    }

    private int put(int[] out, int pos, long id) {
        if (id != 0) {
            int t = index.find(id);
            if (t >= 0) out[pos++] = t;
        }
        return pos;
    }

    private int extraCount(int node) {
        if (!hasExtra.get(node)) {
            return 0;
        }
        int i = firstExtra(node);
        int count = 0;
        for (; i < extra.length && (int) (extra[i] >>> 32) == node; i++) count++;
        return count;
    }

    private void appendExtra(int node, int pos) {
        if (hasExtra.get(node)) {
            for (int i = firstExtra(node); i < extra.length && (int) (extra[i] >>> 32) == node; i++) {
                edges[pos++] = (int) extra[i];
            }
        }
    }

    private int firstExtra(int node) {
        int i = Arrays.binarySearch(extra, (long) node << 32);
        return i < 0 ? -i - 1 : i;
    }

    /** End of a CLASS_DUMP sub-record starting at {@code p} (already validated by pass 1). */
    private long classDumpEnd(long p) {
        final int id = idSize;
        p += 1 + 7L * id + 8;
        int cp = file.u2(p);
        p += 2;
        for (int i = 0; i < cp; i++) {
            p += 3 + HprofTag.valueSizeBytes(file.u1(p + 2), id);
        }
        int statics = file.u2(p);
        p += 2;
        for (int i = 0; i < statics; i++) {
            p += id + 1 + HprofTag.valueSizeBytes(file.u1(p + id), id);
        }
        int fields = file.u2(p);
        return p + 2 + (long) fields * (id + 1);
    }
}
