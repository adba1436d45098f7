package dev.vigil.hprof.graph;

import dev.vigil.hprof.reader.ClassDump;
import dev.vigil.hprof.reader.HprofTag;

/**
 * A class in the dump: either a real class with a CLASS_DUMP record, or one of the eight primitive
 * array classes, which HPROF does not dump ({@link #classObjectNode()} is -1 for those).
 */
public final class HeapClass {
    public enum Kind { INSTANCE, OBJECT_ARRAY, PRIMITIVE_ARRAY }

    final int index;
    final String name;
    final Kind kind;
    final ClassDump dump;
    final int primitiveElementType;
    int superIndex = -1;
    int classObjectNode = -1;
    // instance layout along the superclass chain, in dump order (own fields first)
    long[] chainFieldNameIds = new long[0];
    byte[] chainFieldTypes = new byte[0];
    int[] chainFieldOffsets = new int[0];
    int[] referenceFieldOffsets = new int[0];
    int referentOffset = -1;
    int fieldBytesInDump;
    long instanceShallowBytes;
    long classObjectShallowBytes;

    HeapClass(int index, String name, Kind kind, ClassDump dump, int primitiveElementType) {
        this.index = index;
        this.name = name;
        this.kind = kind;
        this.dump = dump;
        this.primitiveElementType = primitiveElementType;
    }

    public int index() {
        return index;
    }

    /** Java name: {@code java.util.HashMap$Node}, {@code java.lang.Object[]}, {@code int[]}. */
    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** Identifier of the class object, or 0 for primitive array classes (they have no CLASS_DUMP). */
    public long classObjectId() {
        return dump == null ? 0 : dump.classId();
    }

    /** Node of the class object in the graph, or -1 if it has none. */
    public int classObjectNode() {
        return classObjectNode;
    }

    /** Index of the superclass, or -1. */
    public int superClassIndex() {
        return superIndex;
    }

    /** Shallow size of one instance under the size model (instance classes only). */
    public long instanceShallowBytes() {
        return instanceShallowBytes;
    }

    /** Element type code for primitive array classes, 0 otherwise. */
    public int primitiveElementType() {
        return primitiveElementType;
    }

    /** The CLASS_DUMP record, or null for primitive array classes. */
    public ClassDump dump() {
        return dump;
    }

    /** Converts a JVM internal class name ({@code java/lang/String}, {@code [Ljava/lang/Object;}, {@code [I}) to a Java name. */
    public static String javaName(String internal) {
        int dims = 0;
        while (dims < internal.length() && internal.charAt(dims) == '[') {
            dims++;
        }
        if (dims == 0) {
            return internal.replace('/', '.');
        }
        String element = internal.substring(dims);
        String base;
        if (element.startsWith("L") && element.endsWith(";")) {
            base = element.substring(1, element.length() - 1).replace('/', '.');
        } else {
            switch (element) {
                case "Z": base = "boolean"; break;
                case "C": base = "char"; break;
                case "F": base = "float"; break;
                case "D": base = "double"; break;
                case "B": base = "byte"; break;
                case "S": base = "short"; break;
                case "I": base = "int"; break;
                case "J": base = "long"; break;
                default: base = element.replace('/', '.');
            }
        }
        return base + "[]".repeat(dims);
    }

    static String primitiveArrayName(int type) {
        return HprofTag.primitiveName(type) + "[]";
    }

    @Override
    public String toString() {
        return name;
    }
}
