package dev.vigil.hprof.reader;

/**
 * Receives the records of a dump in file order from {@link HprofReader#scan}. Offsets are absolute
 * byte offsets in the (inflated) dump, so a visitor can read values through {@link HprofFile}
 * without copying. Default methods ignore the record.
 */
public interface HprofVisitor {
    /** A UTF8 record: {@code length} bytes of modified UTF-8 at {@code bytesOffset}. */
    default void utf8(long id, long bytesOffset, int length) {
    }

    default void loadClass(int classSerial, long classObjectId, long nameId) {
    }

    /**
     * A GC root sub-record. {@code threadSerial} is the thread serial number for thread-related
     * roots (JNI_LOCAL, JAVA_FRAME, NATIVE_STACK, THREAD_BLOCK, THREAD_OBJECT) and -1 otherwise.
     */
    default void gcRoot(int rootTag, long objectId, int threadSerial, long recordOffset) {
    }

    default void classDump(ClassDump dump) {
    }

    default void instanceDump(long objectId, long recordOffset, long classId, long fieldsOffset, int fieldsLength) {
    }

    default void objectArrayDump(long objectId, long recordOffset, long arrayClassId, long elementsOffset, int length) {
    }

    default void primitiveArrayDump(long objectId, long recordOffset, int elementType, long elementsOffset, int length) {
    }

    /**
     * Called before the sub-records of a HEAP_DUMP or HEAP_DUMP_SEGMENT record: the record header is at
     * {@code recordOffset}, its sub-records run from {@code bodyOffset} to {@code endOffset}.
     */
    default void heapDumpRecord(long recordOffset, long bodyOffset, long endOffset) {
    }

    /** Called now and then with the offset reached, for progress reporting. */
    default void progress(long offset) {
    }
}
