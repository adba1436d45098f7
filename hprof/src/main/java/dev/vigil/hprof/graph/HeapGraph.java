package dev.vigil.hprof.graph;

import dev.vigil.hprof.ProgressListener;
import dev.vigil.hprof.reader.HprofFile;
import dev.vigil.hprof.reader.HprofTag;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

/**
 * The objects of a heap dump as a compact graph. Every object (instances, arrays and class objects)
 * has a dense index {@code 0..objectCount()-1} in identifier order; per-object data lives in
 * primitive arrays (about 5 bytes per object plus 4 bytes per reference); identifiers, shallow
 * sizes of arrays and field values are read back from the memory-mapped dump when needed.
 *
 * <p>Edges: instance fields (following the superclass chain), array elements, instance → class,
 * class → superclass, class loader, signers, protection domain and static fields, class loader →
 * the classes it defined, and thread → objects held by its stack frames and JNI locals. GC roots
 * follow Eclipse MAT: thread-local roots (JAVA_FRAME, JNI_LOCAL, NATIVE_STACK, THREAD_BLOCK) become
 * edges from their Thread object, which is itself a root; the other roots are roots.
 */
public final class HeapGraph implements Closeable {
    final HprofFile file;
    final String version;
    final int idSizeBytes;
    final SizeModel sizeModel;
    final ObjectIdIndex index;
    /** record offset per node: about 2 bytes per object (offsets in node order are close together) */
    final DeltaArray offsets;
    /** class index per node (about a byte per object) */
    final ClassIndexes classIndexes;
    /** Per class: instance bytes for instance classes, -1 object arrays, -2 primitive arrays. */
    final long[] fixedShallowBytes;
    /** class object node + 1 -> class index */
    final LongLongHashMap classByClassObjectNode;
    final List<HeapClass> classes;
    final ReferenceGraph references;
    final int[] gcRoots;
    /** root sub-record tag of each of {@link #gcRoots} (parallel array) */
    final byte[] gcRootKind;
    final long[] extraEdges;
    final LongLongHashMap strings;
    final int javaLangClassIndex;
    final LongLongHashMap classIndexById;

    HeapGraph(HprofFile file, String version, int idSizeBytes, SizeModel sizeModel, ObjectIdIndex index, DeltaArray offsets,
              ClassIndexes classIndexes, List<HeapClass> classes, ReferenceGraph references, int[] gcRoots,
              byte[] gcRootKind, long[] extraEdges, LongLongHashMap strings, int javaLangClassIndex,
              LongLongHashMap classIndexById) {
        this.classIndexById = classIndexById;
        this.file = file;
        this.version = version;
        this.idSizeBytes = idSizeBytes;
        this.sizeModel = sizeModel;
        this.index = index;
        this.offsets = offsets;
        this.classIndexes = classIndexes;
        this.fixedShallowBytes = new long[classes.size()];
        this.classByClassObjectNode = new LongLongHashMap(Math.max(16, classes.size()));
        for (HeapClass c : classes) {
            fixedShallowBytes[c.index] = c.kind == HeapClass.Kind.INSTANCE ? c.instanceShallowBytes
                    : c.kind == HeapClass.Kind.OBJECT_ARRAY ? -1 : -2;
            if (c.classObjectNode >= 0) {
                classByClassObjectNode.put(c.classObjectNode + 1L, c.index);
            }
        }
        this.classes = Collections.unmodifiableList(classes);
        this.references = references;
        this.gcRoots = gcRoots;
        this.gcRootKind = gcRootKind;
        this.extraEdges = extraEdges;
        this.strings = strings;
        this.javaLangClassIndex = javaLangClassIndex;
    }

    /** Reads a dump (plain or gzipped) with the default size model for its identifier size. */
    public static HeapGraph open(Path dump) throws IOException {
        return open(dump, null, ProgressListener.NONE);
    }

    /**
     * Reads a dump.
     *
     * @param sizeModel shallow-size model, or null for the default for the dump's identifier size
     * @throws dev.vigil.hprof.reader.HprofFormatException if the dump is malformed
     */
    public static HeapGraph open(Path dump, SizeModel sizeModel, ProgressListener progress) throws IOException {
        HprofFile file = HprofFile.open(dump);
        try {
            return new HeapGraphBuilder(file, sizeModel, progress).build();
        } catch (RuntimeException | Error e) {
            file.close();
            throw e;
        }
    }

    public String hprofVersion() {
        return version;
    }

    public int idSizeBytes() {
        return idSizeBytes;
    }

    public SizeModel sizeModel() {
        return sizeModel;
    }

    public HprofFile file() {
        return file;
    }

    public int objectCount() {
        return offsets.length();
    }

    public long objectId(int node) {
        return file.id(recordOffset(node) + 1, idSizeBytes);
    }

    /** Node of the object with this identifier, or -1. */
    public int findObject(long objectId) {
        return index.find(objectId);
    }

    public HeapClass classOf(int node) {
        return classes.get(classIndexOf(node));
    }

    public int classIndexOf(int node) {
        return classIndexes.get(node);
    }

    /** Byte offset of the object's sub-record in the dump. */
    public long recordOffset(int node) {
        return offsets.get(node);
    }

    /**
     * Shallow size under the size model. Not stored: instances take their class's size, arrays read
     * their length from the mapped dump, class objects their class's static layout.
     */
    public long shallowBytes(int node) {
        int c = classIndexOf(node);
        long fixed = fixedShallowBytes[c];
        if (fixed >= 0) {
            if (c == javaLangClassIndex) {
                long k = classByClassObjectNode.get(node + 1L, -1);
                if (k >= 0) {
                    return classes.get((int) k).classObjectShallowBytes;
                }
            }
            return fixed;
        }
        long p = recordOffset(node) + 1 + idSizeBytes + 4;
        int length = file.i4(p);
        if (fixed == -1) {
            return sizeModel.arrayBytes(length & 0xffff_ffffL, sizeModel.referenceBytes());
        }
        int type = file.u1(p + 4);
        return sizeModel.arrayBytes(length & 0xffff_ffffL, HprofTag.valueSizeBytes(type, idSizeBytes));
    }

    /** All classes; index {@code i} is the class with {@link HeapClass#index()} {@code i}. */
    public List<HeapClass> classes() {
        return classes;
    }

    /** The class {@code java.lang.Class} (the class of class objects). */
    public HeapClass javaLangClass() {
        return classes.get(javaLangClassIndex);
    }

    public ReferenceGraph references() {
        return references;
    }

    /** Distinct GC root nodes, ascending. */
    public int[] gcRoots() {
        return gcRoots.clone();
    }

    int[] gcRootsShared() {
        return gcRoots;
    }

    /** Root sub-record tag of a root node (see {@link HprofTag}), or 0 if the node is not a root. */
    public int gcRootKind(int node) {
        int i = java.util.Arrays.binarySearch(gcRoots, node);
        return i < 0 ? 0 : gcRootKind[i] & 0xff;
    }

    public static String gcRootKindName(int kind) {
        switch (kind) {
            case HprofTag.ROOT_UNKNOWN: return "unknown";
            case HprofTag.ROOT_JNI_GLOBAL: return "JNI global";
            case HprofTag.ROOT_JNI_LOCAL: return "JNI local";
            case HprofTag.ROOT_JAVA_FRAME: return "Java frame";
            case HprofTag.ROOT_NATIVE_STACK: return "native stack";
            case HprofTag.ROOT_STICKY_CLASS: return "system class";
            case HprofTag.ROOT_THREAD_BLOCK: return "thread block";
            case HprofTag.ROOT_MONITOR_USED: return "busy monitor";
            case HprofTag.ROOT_THREAD_OBJECT: return "thread";
            default: return "none";
        }
    }

    /** A UTF8 string of the dump (class, field and method names), or null. */
    public String string(long id) {
        long offset = strings.get(id, -1);
        if (offset < 0) {
            return null;
        }
        int length = (int) (file.u4(offset - idSizeBytes - 4) - idSizeBytes);
        byte[] bytes = new byte[length];
        file.bytes(offset, bytes, 0, length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The sub-record tag of the object's record: INSTANCE_DUMP, OBJ_ARRAY_DUMP, PRIM_ARRAY_DUMP or CLASS_DUMP. */
    public int recordKind(int node) {
        return file.u1(recordOffset(node));
    }

    /** True if the node is a class object. */
    public boolean isClassObject(int node) {
        return recordKind(node) == HprofTag.CLASS_DUMP;
    }

    /** For a class object node, its class; otherwise null. */
    public HeapClass classOfClassObject(int node) {
        long index = classByClassObjectNode.get(node + 1L, -1);
        return index < 0 ? null : classes.get((int) index);
    }

    /** "java.util.HashMap @ 0x7f001234", or "class dev.x.Cache @ 0x..." for class objects. */
    public String displayName(int node) {
        return typeName(node) + " @ 0x" + Long.toHexString(objectId(node));
    }

    /** Class name of an object, or "class X" for the class object of X. */
    public String typeName(int node) {
        if (classIndexOf(node) == javaLangClassIndex && isClassObject(node)) {
            HeapClass c = classOfClassObject(node);
            return "class " + (c == null ? "?" : c.name());
        }
        return classOf(node).name();
    }

    /** Length of an array node, or -1 for other nodes. */
    public int arrayLength(int node) {
        long p = recordOffset(node);
        int kind = file.u1(p);
        if (kind == HprofTag.OBJECT_ARRAY_DUMP || kind == HprofTag.PRIMITIVE_ARRAY_DUMP) {
            return file.i4(p + 1 + idSizeBytes + 4);
        }
        return -1;
    }

    /** Raw element bytes of a primitive array node (at most {@code maxBytes}), or null for other nodes. */
    public byte[] primitiveArrayBytes(int node, int maxBytes) {
        long p = recordOffset(node);
        if (file.u1(p) != HprofTag.PRIMITIVE_ARRAY_DUMP) {
            return null;
        }
        int length = file.i4(p + 1 + idSizeBytes + 4);
        int type = file.u1(p + 1 + idSizeBytes + 8);
        long bytes = (long) length * HprofTag.valueSizeBytes(type, idSizeBytes);
        byte[] out = new byte[(int) Math.min(bytes, maxBytes)];
        file.bytes(p + 1 + idSizeBytes + 9, out, 0, out.length);
        return out;
    }

    /** Offset within an instance's field data of the named field (searching the class, then superclasses), or -1. */
    int fieldOffset(HeapClass c, String fieldName, int type) {
        for (int i = 0; i < c.chainFieldNameIds.length; i++) {
            if (c.chainFieldTypes[i] == type && fieldName.equals(string(c.chainFieldNameIds[i]))) {
                return c.chainFieldOffsets[i];
            }
        }
        return -1;
    }

    /** Offset within an instance's field data of a field of class {@code c} (or a superclass), or -1. For hot loops. */
    public int instanceFieldOffset(HeapClass c, String fieldName, int type) {
        return c.kind == HeapClass.Kind.INSTANCE ? fieldOffset(c, fieldName, type) : -1;
    }

    /** Identifier stored at {@code fieldOffset} (from {@link #instanceFieldOffset}) of an instance node. */
    public long idAt(int node, int fieldOffset) {
        return file.id(recordOffset(node) + 1 + 2L * idSizeBytes + 8 + fieldOffset, idSizeBytes);
    }

    /** Int stored at {@code fieldOffset} of an instance node. */
    public int intAt(int node, int fieldOffset) {
        return file.i4(recordOffset(node) + 1 + 2L * idSizeBytes + 8 + fieldOffset);
    }

    /** Byte stored at {@code fieldOffset} of an instance node. */
    public int byteAt(int node, int fieldOffset) {
        return (byte) file.u1(recordOffset(node) + 1 + 2L * idSizeBytes + 8 + fieldOffset);
    }

    /**
     * A 64-bit hash of the first {@code maxBytes} element bytes of a primitive array node (and of its
     * length and type), read straight from the dump without copying; 0 if the node is not a primitive array.
     */
    public long primitiveArrayHash(int node, int maxBytes, long seed) {
        long p = recordOffset(node);
        if (file.u1(p) != HprofTag.PRIMITIVE_ARRAY_DUMP) {
            return 0;
        }
        int length = file.i4(p + 1 + idSizeBytes + 4);
        int type = file.u1(p + 1 + idSizeBytes + 8);
        long bytes = Math.min((long) length * HprofTag.valueSizeBytes(type, idSizeBytes), maxBytes);
        long q = p + 1 + idSizeBytes + 9;
        long h = seed ^ (bytes * 0x9E3779B97F4A7C15L) ^ type;
        long i = 0;
        for (; i + 8 <= bytes; i += 8) {
            h = (h ^ file.i8(q + i)) * 0xff51afd7ed558ccdL;
            h ^= h >>> 32;
        }
        for (; i < bytes; i++) {
            h = (h ^ file.u1(q + i)) * 0xc4ceb9fe1a85ec53L;
        }
        h ^= h >>> 29;
        h *= 0x9E3779B97F4A7C15L;
        h ^= h >>> 32;
        return h == 0 ? 1 : h;
    }

    private long instanceFieldsOffset(int node) {
        long p = recordOffset(node);
        if (file.u1(p) != HprofTag.INSTANCE_DUMP) {
            return -1;
        }
        return p + 1 + 2L * idSizeBytes + 8;
    }

    /** Value of an object field of an instance, as an identifier (0 for null or if there is no such field). */
    public long referenceField(int node, String fieldName) {
        long fields = instanceFieldsOffset(node);
        if (fields < 0) {
            return 0;
        }
        int offset = fieldOffset(classOf(node), fieldName, HprofTag.TYPE_OBJECT);
        return offset < 0 ? 0 : file.id(fields + offset, idSizeBytes);
    }

    /** Value of an int field of an instance, or {@code missing} if there is no such field. */
    public int intField(int node, String fieldName, int missing) {
        long fields = instanceFieldsOffset(node);
        if (fields < 0) {
            return missing;
        }
        int offset = fieldOffset(classOf(node), fieldName, HprofTag.TYPE_INT);
        return offset < 0 ? missing : file.i4(fields + offset);
    }

    /** Value of a byte field of an instance, or {@code missing}. */
    public int byteField(int node, String fieldName, int missing) {
        long fields = instanceFieldsOffset(node);
        if (fields < 0) {
            return missing;
        }
        int offset = fieldOffset(classOf(node), fieldName, HprofTag.TYPE_BYTE);
        return offset < 0 ? missing : (byte) file.u1(fields + offset);
    }

    /**
     * How {@code from} refers to {@code to}, for paths: {@code ".next"}, {@code "[12]"},
     * {@code "static cache"}, {@code "<Java local>"}, {@code "<class>"}, ...
     */
    public String describeReference(int from, int to) {
        long target = objectId(to);
        long p = recordOffset(from);
        int kind = file.u1(p);
        if (kind == HprofTag.INSTANCE_DUMP) {
            HeapClass c = classOf(from);
            long fields = p + 1 + 2L * idSizeBytes + 8;
            for (int i = 0; i < c.chainFieldNameIds.length; i++) {
                if (c.chainFieldTypes[i] == HprofTag.TYPE_OBJECT && file.id(fields + c.chainFieldOffsets[i], idSizeBytes) == target) {
                    String name = "." + string(c.chainFieldNameIds[i]);
                    return c.chainFieldOffsets[i] == c.referentOffset ? name + " (weak/soft referent)" : name;
                }
            }
        } else if (kind == HprofTag.OBJECT_ARRAY_DUMP) {
            int length = file.i4(p + 1 + idSizeBytes + 4);
            long elements = p + 1 + 2L * idSizeBytes + 8;
            for (int i = 0; i < length; i++) {
                if (file.id(elements + (long) i * idSizeBytes, idSizeBytes) == target) {
                    return "[" + i + "]";
                }
            }
        } else if (kind == HprofTag.CLASS_DUMP) {
            HeapClass c = classOfClassObject(from);
            if (c != null && c.dump != null) {
                for (int i = 0; i < c.dump.staticFieldNameIds().length; i++) {
                    if (c.dump.staticFieldTypes()[i] == HprofTag.TYPE_OBJECT && c.dump.staticFieldValues()[i] == target) {
                        return "static " + string(c.dump.staticFieldNameIds()[i]);
                    }
                }
                if (c.dump.superClassId() == target) return "<superclass>";
                if (c.dump.classLoaderId() == target) return "<class loader>";
                if (c.dump.protectionDomainId() == target) return "<protection domain>";
                if (c.dump.signersId() == target) return "<signers>";
            }
        }
        if (hasExtraEdge(from, to)) {
            return isClassObject(to) ? "<defined class>" : "<Java local>";
        }
        if (classOf(from).classObjectNode == to) {
            return "<class>";
        }
        return "<reference>";
    }

    private boolean hasExtraEdge(int from, int to) {
        return java.util.Arrays.binarySearch(extraEdges, ((long) from << 32) | (to & 0xffffffffL)) >= 0;
    }

    /** Approximate bytes of Java heap held by this graph's arrays (the mapped dump not included). */
    public long allocatedBytes() {
        return index.allocatedBytes() + offsets.allocatedBytes()
                + classIndexes.allocatedBytes() + references.allocatedBytes()
                + gcRootKind.length;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
