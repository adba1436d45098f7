package dev.vigil.hprof.reader;

/** Record and sub-record tags of the HPROF format (see the comment in OpenJDK's heapDumper.cpp). */
public final class HprofTag {
    private HprofTag() {
    }

    public static final int UTF8 = 0x01;
    public static final int LOAD_CLASS = 0x02;
    public static final int UNLOAD_CLASS = 0x03;
    public static final int FRAME = 0x04;
    public static final int TRACE = 0x05;
    public static final int ALLOC_SITES = 0x06;
    public static final int HEAP_SUMMARY = 0x07;
    public static final int START_THREAD = 0x0A;
    public static final int END_THREAD = 0x0B;
    public static final int HEAP_DUMP = 0x0C;
    public static final int CPU_SAMPLES = 0x0D;
    public static final int CONTROL_SETTINGS = 0x0E;
    public static final int HEAP_DUMP_SEGMENT = 0x1C;
    public static final int HEAP_DUMP_END = 0x2C;

    public static final int ROOT_UNKNOWN = 0xFF;
    public static final int ROOT_JNI_GLOBAL = 0x01;
    public static final int ROOT_JNI_LOCAL = 0x02;
    public static final int ROOT_JAVA_FRAME = 0x03;
    public static final int ROOT_NATIVE_STACK = 0x04;
    public static final int ROOT_STICKY_CLASS = 0x05;
    public static final int ROOT_THREAD_BLOCK = 0x06;
    public static final int ROOT_MONITOR_USED = 0x07;
    public static final int ROOT_THREAD_OBJECT = 0x08;
    public static final int CLASS_DUMP = 0x20;
    public static final int INSTANCE_DUMP = 0x21;
    public static final int OBJECT_ARRAY_DUMP = 0x22;
    public static final int PRIMITIVE_ARRAY_DUMP = 0x23;

    /** Basic type codes used in field descriptors and primitive arrays. */
    public static final int TYPE_OBJECT = 2;
    public static final int TYPE_BOOLEAN = 4;
    public static final int TYPE_CHAR = 5;
    public static final int TYPE_FLOAT = 6;
    public static final int TYPE_DOUBLE = 7;
    public static final int TYPE_BYTE = 8;
    public static final int TYPE_SHORT = 9;
    public static final int TYPE_INT = 10;
    public static final int TYPE_LONG = 11;

    /** Size in the dump of a value of the given basic type, or -1 if the type code is not valid. */
    public static int valueSizeBytes(int type, int idSizeBytes) {
        switch (type) {
            case TYPE_OBJECT: return idSizeBytes;
            case TYPE_BOOLEAN: case TYPE_BYTE: return 1;
            case TYPE_CHAR: case TYPE_SHORT: return 2;
            case TYPE_FLOAT: case TYPE_INT: return 4;
            case TYPE_DOUBLE: case TYPE_LONG: return 8;
            default: return -1;
        }
    }

    /** Java name of a primitive type code, e.g. {@code "int"}. */
    public static String primitiveName(int type) {
        switch (type) {
            case TYPE_BOOLEAN: return "boolean";
            case TYPE_CHAR: return "char";
            case TYPE_FLOAT: return "float";
            case TYPE_DOUBLE: return "double";
            case TYPE_BYTE: return "byte";
            case TYPE_SHORT: return "short";
            case TYPE_INT: return "int";
            case TYPE_LONG: return "long";
            default: return "type" + type;
        }
    }

    public static String recordName(int tag) {
        switch (tag) {
            case UTF8: return "UTF8";
            case LOAD_CLASS: return "LOAD_CLASS";
            case UNLOAD_CLASS: return "UNLOAD_CLASS";
            case FRAME: return "FRAME";
            case TRACE: return "TRACE";
            case ALLOC_SITES: return "ALLOC_SITES";
            case HEAP_SUMMARY: return "HEAP_SUMMARY";
            case START_THREAD: return "START_THREAD";
            case END_THREAD: return "END_THREAD";
            case HEAP_DUMP: return "HEAP_DUMP";
            case CPU_SAMPLES: return "CPU_SAMPLES";
            case CONTROL_SETTINGS: return "CONTROL_SETTINGS";
            case HEAP_DUMP_SEGMENT: return "HEAP_DUMP_SEGMENT";
            case HEAP_DUMP_END: return "HEAP_DUMP_END";
            default: return String.format("tag 0x%02X", tag);
        }
    }

    public static String subRecordName(int tag) {
        switch (tag) {
            case ROOT_UNKNOWN: return "ROOT_UNKNOWN";
            case ROOT_JNI_GLOBAL: return "ROOT_JNI_GLOBAL";
            case ROOT_JNI_LOCAL: return "ROOT_JNI_LOCAL";
            case ROOT_JAVA_FRAME: return "ROOT_JAVA_FRAME";
            case ROOT_NATIVE_STACK: return "ROOT_NATIVE_STACK";
            case ROOT_STICKY_CLASS: return "ROOT_STICKY_CLASS";
            case ROOT_THREAD_BLOCK: return "ROOT_THREAD_BLOCK";
            case ROOT_MONITOR_USED: return "ROOT_MONITOR_USED";
            case ROOT_THREAD_OBJECT: return "ROOT_THREAD_OBJECT";
            case CLASS_DUMP: return "CLASS_DUMP";
            case INSTANCE_DUMP: return "INSTANCE_DUMP";
            case OBJECT_ARRAY_DUMP: return "OBJ_ARRAY_DUMP";
            case PRIMITIVE_ARRAY_DUMP: return "PRIM_ARRAY_DUMP";
            default: return String.format("sub-record tag 0x%02X", tag);
        }
    }
}
