package dev.vigil.hprof.reader;

/**
 * The dump is not a well-formed HPROF file. The message is one line that names the byte offset
 * and the record where reading stopped, for example
 * {@code "byte offset 1234 (HEAP_DUMP_SEGMENT at 1000, INSTANCE_DUMP): length 99999 runs past the end of the segment"}.
 */
public final class HprofFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long byteOffset;

    public HprofFormatException(long byteOffset, String record, String problem) {
        super("byte offset " + byteOffset + (record == null || record.isEmpty() ? "" : " (" + record + ")") + ": " + problem);
        this.byteOffset = byteOffset;
    }

    /** Offset in the (decompressed) dump at which the problem was found. */
    public long byteOffset() {
        return byteOffset;
    }
}
