package dev.vigil.hprof.reader;

import java.nio.charset.StandardCharsets;

/**
 * Reads the records of an HPROF 1.0.1 or 1.0.2 dump (identifier size 4 or 8) and hands them to an
 * {@link HprofVisitor}. Heap dumps may be one HEAP_DUMP record or many HEAP_DUMP_SEGMENT records
 * in any order. The reader keeps no per-object state: it is the record layer and knows nothing
 * about graphs or leaks. Every length is checked against the enclosing record before it is used,
 * so a corrupt dump ends in an {@link HprofFormatException} naming the byte offset and record.
 */
public final class HprofReader {
    private static final long PROGRESS_STEP_BYTES = 64L << 20;

    private final HprofFile file;
    private final String version;
    private final int idSizeBytes;
    private final long timestampMillis;
    private final long firstRecordOffset;

    public HprofReader(HprofFile file) {
        this.file = file;
        long size = file.sizeBytes();
        if (size == 0) {
            throw new HprofFormatException(0, "header", "empty file, not an HPROF heap dump");
        }
        int nul = -1;
        for (int i = 0; i < Math.min(size, 64); i++) {
            if (file.u1(i) == 0) {
                nul = i;
                break;
            }
        }
        byte[] magic = new byte[nul < 0 ? (int) Math.min(size, 20) : nul];
        file.bytes(0, magic, 0, magic.length);
        String header = new String(magic, StandardCharsets.ISO_8859_1);
        if (nul < 0 || !header.startsWith("JAVA PROFILE 1.0.")) {
            throw new HprofFormatException(0, "header", "not an HPROF heap dump (expected \"JAVA PROFILE 1.0.1\" or \"1.0.2\")");
        }
        if (!header.equals("JAVA PROFILE 1.0.1") && !header.equals("JAVA PROFILE 1.0.2")) {
            throw new HprofFormatException(0, "header", "unsupported HPROF version \"" + header + "\"");
        }
        version = header.substring("JAVA PROFILE ".length());
        if (size < nul + 1 + 12) {
            throw new HprofFormatException(size, "header", "truncated header");
        }
        idSizeBytes = file.i4(nul + 1);
        if (idSizeBytes != 4 && idSizeBytes != 8) {
            throw new HprofFormatException(nul + 1, "header", "identifier size " + idSizeBytes + " (only 4 and 8 are supported)");
        }
        timestampMillis = file.i8(nul + 5);
        firstRecordOffset = nul + 1 + 12;
    }

    public HprofFile file() {
        return file;
    }

    /** "1.0.1" or "1.0.2". */
    public String version() {
        return version;
    }

    public int idSizeBytes() {
        return idSizeBytes;
    }

    public long timestampMillis() {
        return timestampMillis;
    }

    /**
     * Reads all records once, in file order.
     *
     * @throws HprofFormatException if the dump is malformed or holds no heap dump record at all
     */
    public void scan(HprofVisitor visitor) {
        int heapDumpRecords = 0;
        long size = file.sizeBytes();
        long position = firstRecordOffset;
        long nextProgress = PROGRESS_STEP_BYTES;
        while (position < size) {
            if (size - position < 9) {
                throw new HprofFormatException(position, "record header", "truncated: " + (size - position) + " bytes left, a record header needs 9");
            }
            int tag = file.u1(position);
            long length = file.u4(position + 5);
            long body = position + 9;
            long end = body + length;
            String name = HprofTag.recordName(tag);
            if (end > size) {
                throw new HprofFormatException(position, name + " at " + position,
                        "length " + length + " runs past the end of the file (" + size + " bytes); the dump is truncated");
            }
            switch (tag) {
                case HprofTag.UTF8:
                    require(length >= idSizeBytes, position, name, "length " + length + " is shorter than an identifier");
                    visitor.utf8(file.id(body, idSizeBytes), body + idSizeBytes, (int) (length - idSizeBytes));
                    break;
                case HprofTag.LOAD_CLASS:
                    require(length == 8 + 2L * idSizeBytes, position, name, "length " + length + ", expected " + (8 + 2 * idSizeBytes));
                    visitor.loadClass(file.i4(body), file.id(body + 4, idSizeBytes), file.id(body + 8 + idSizeBytes, idSizeBytes));
                    break;
                case HprofTag.HEAP_DUMP:
                case HprofTag.HEAP_DUMP_SEGMENT:
                    visitor.heapDumpRecord(position, body, end);
                    scanHeapDump(visitor, position, name, body, end);
                    heapDumpRecords++;
                    break;
                case HprofTag.UNLOAD_CLASS: case HprofTag.FRAME: case HprofTag.TRACE: case HprofTag.ALLOC_SITES:
                case HprofTag.HEAP_SUMMARY: case HprofTag.START_THREAD: case HprofTag.END_THREAD:
                case HprofTag.CPU_SAMPLES: case HprofTag.CONTROL_SETTINGS: case HprofTag.HEAP_DUMP_END:
                    break;
                default:
                    throw new HprofFormatException(position, "record header", "unknown record tag 0x" + Integer.toHexString(tag));
            }
            position = end;
            if (position >= nextProgress) {
                visitor.progress(position);
                nextProgress = position + PROGRESS_STEP_BYTES;
            }
        }
        if (heapDumpRecords == 0) {
            throw new HprofFormatException(size, "end of file", "no HEAP_DUMP or HEAP_DUMP_SEGMENT record: the dump is truncated or holds no heap");
        }
        visitor.progress(size);
    }

    private static void require(boolean ok, long offset, String record, String problem) {
        if (!ok) {
            throw new HprofFormatException(offset, record, problem);
        }
    }

    private void scanHeapDump(HprofVisitor visitor, long recordOffset, String recordName, long position, long end) {
        final int id = idSizeBytes;
        final HprofFile f = file;
        long nextProgress = position + PROGRESS_STEP_BYTES;
        while (position < end) {
            int sub = f.u1(position);
            long p = position + 1;
            long left = end - p;
            long next;
            switch (sub) {
                case HprofTag.INSTANCE_DUMP: {
                    checkFixed(left, 2L * id + 8, recordOffset, recordName, position, sub);
                    long objectId = f.id(p, id);
                    long classId = f.id(p + id + 4, id);
                    long fieldBytes = f.u4(p + 2L * id + 4);
                    long fields = p + 2L * id + 8;
                    next = fields + fieldBytes;
                    checkEnd(next, end, recordOffset, recordName, position, sub, "field data of ", fieldBytes, " bytes");
                    visitor.instanceDump(objectId, position, classId, fields, (int) fieldBytes);
                    break;
                }
                case HprofTag.OBJECT_ARRAY_DUMP: {
                    checkFixed(left, 2L * id + 8, recordOffset, recordName, position, sub);
                    long objectId = f.id(p, id);
                    long count = f.u4(p + id + 4);
                    long classId = f.id(p + id + 8, id);
                    long elements = p + 2L * id + 8;
                    next = elements + count * id;
                    checkEnd(next, end, recordOffset, recordName, position, sub, "", count, " elements");
                    visitor.objectArrayDump(objectId, position, classId, elements, (int) count);
                    break;
                }
                case HprofTag.PRIMITIVE_ARRAY_DUMP: {
                    checkFixed(left, id + 9L, recordOffset, recordName, position, sub);
                    long objectId = f.id(p, id);
                    long count = f.u4(p + id + 4);
                    int type = f.u1(p + id + 8);
                    int elementSize = HprofTag.valueSizeBytes(type, id);
                    if (elementSize < 0 || type == HprofTag.TYPE_OBJECT) {
                        throw subRecordError(recordOffset, recordName, position, sub, "invalid element type " + type);
                    }
                    long elements = p + id + 9;
                    next = elements + count * elementSize;
                    checkEnd(next, end, recordOffset, recordName, position, sub, "", count, " elements");
                    visitor.primitiveArrayDump(objectId, position, type, elements, (int) count);
                    break;
                }
                case HprofTag.CLASS_DUMP:
                    next = readClassDump(visitor, recordOffset, recordName, position, end);
                    break;
                case HprofTag.ROOT_UNKNOWN:
                case HprofTag.ROOT_STICKY_CLASS:
                case HprofTag.ROOT_MONITOR_USED:
                    checkFixed(left, id, recordOffset, recordName, position, sub);
                    visitor.gcRoot(sub, f.id(p, id), -1, position);
                    next = p + id;
                    break;
                case HprofTag.ROOT_JNI_GLOBAL:
                    checkFixed(left, 2L * id, recordOffset, recordName, position, sub);
                    visitor.gcRoot(sub, f.id(p, id), -1, position);
                    next = p + 2L * id;
                    break;
                case HprofTag.ROOT_JNI_LOCAL:
                case HprofTag.ROOT_JAVA_FRAME:
                case HprofTag.ROOT_THREAD_OBJECT:
                    checkFixed(left, id + 8L, recordOffset, recordName, position, sub);
                    visitor.gcRoot(sub, f.id(p, id), f.i4(p + id), position);
                    next = p + id + 8;
                    break;
                case HprofTag.ROOT_NATIVE_STACK:
                case HprofTag.ROOT_THREAD_BLOCK:
                    checkFixed(left, id + 4L, recordOffset, recordName, position, sub);
                    visitor.gcRoot(sub, f.id(p, id), f.i4(p + id), position);
                    next = p + id + 4;
                    break;
                default:
                    throw new HprofFormatException(position, recordName + " at " + recordOffset,
                            "unknown sub-record tag 0x" + Integer.toHexString(sub));
            }
            position = next;
            if (position >= nextProgress) {
                visitor.progress(position);
                nextProgress = position + PROGRESS_STEP_BYTES;
            }
        }
    }

    private static HprofFormatException subRecordError(long recordOffset, String recordName, long position, int sub, String problem) {
        return new HprofFormatException(position, recordName + " at " + recordOffset + ", " + HprofTag.subRecordName(sub), problem);
    }

    private static void checkFixed(long left, long needed, long recordOffset, String recordName, long position, int sub) {
        if (left < needed) {
            throw subRecordError(recordOffset, recordName, position, sub, "needs " + needed + " bytes but only " + left + " are left in the record");
        }
    }

    private static void checkEnd(long next, long end, long recordOffset, String recordName, long position, int sub,
                                 String before, long count, String after) {
        if (next > end) {
            // the message is built only on failure: this runs for every object of the dump
            throw subRecordError(recordOffset, recordName, position, sub, before + count + after + " run past the end of the record at " + end);
        }
    }

    private long readClassDump(HprofVisitor visitor, long recordOffset, String recordName, long start, long end) {
        final int id = idSizeBytes;
        long p = start + 1;
        long fixed = 7L * id + 8 + 2;
        checkFixed(end - p, fixed, recordOffset, recordName, start, HprofTag.CLASS_DUMP);
        long classId = file.id(p, id);
        long superId = file.id(p + id + 4, id);
        long loaderId = file.id(p + 2L * id + 4, id);
        long signersId = file.id(p + 3L * id + 4, id);
        long domainId = file.id(p + 4L * id + 4, id);
        int instanceSize = file.i4(p + 7L * id + 4);
        p += 7L * id + 8;
        int constantPoolCount = file.u2(p);
        p += 2;
        long[] cpObjects = new long[constantPoolCount];
        int cpObjectCount = 0;
        for (int i = 0; i < constantPoolCount; i++) {
            checkFixed(end - p, 3, recordOffset, recordName, start, HprofTag.CLASS_DUMP);
            int type = file.u1(p + 2);
            int size = valueSize(type, recordOffset, recordName, start);
            checkFixed(end - p, 3L + size, recordOffset, recordName, start, HprofTag.CLASS_DUMP);
            if (type == HprofTag.TYPE_OBJECT) {
                cpObjects[cpObjectCount++] = file.id(p + 3, id);
            }
            p += 3 + size;
        }
        checkFixed(end - p, 2, recordOffset, recordName, start, HprofTag.CLASS_DUMP);
        int staticCount = file.u2(p);
        p += 2;
        long[] staticNames = new long[staticCount];
        byte[] staticTypes = new byte[staticCount];
        long[] staticValues = new long[staticCount];
        for (int i = 0; i < staticCount; i++) {
            checkFixed(end - p, id + 1L, recordOffset, recordName, start, HprofTag.CLASS_DUMP);
            staticNames[i] = file.id(p, id);
            int type = file.u1(p + id);
            int size = valueSize(type, recordOffset, recordName, start);
            checkFixed(end - p, id + 1L + size, recordOffset, recordName, start, HprofTag.CLASS_DUMP);
            staticTypes[i] = (byte) type;
            staticValues[i] = readValue(p + id + 1, type);
            p += id + 1 + size;
        }
        checkFixed(end - p, 2, recordOffset, recordName, start, HprofTag.CLASS_DUMP);
        int fieldCount = file.u2(p);
        p += 2;
        checkFixed(end - p, (long) fieldCount * (id + 1), recordOffset, recordName, start, HprofTag.CLASS_DUMP);
        long[] fieldNames = new long[fieldCount];
        byte[] fieldTypes = new byte[fieldCount];
        for (int i = 0; i < fieldCount; i++) {
            fieldNames[i] = file.id(p, id);
            int type = file.u1(p + id);
            valueSize(type, recordOffset, recordName, start);
            fieldTypes[i] = (byte) type;
            p += id + 1;
        }
        visitor.classDump(new ClassDump(start, classId, superId, loaderId, signersId, domainId, instanceSize,
                java.util.Arrays.copyOf(cpObjects, cpObjectCount), staticNames, staticTypes, staticValues, fieldNames, fieldTypes));
        return p;
    }

    private int valueSize(int type, long recordOffset, String recordName, long start) {
        int size = HprofTag.valueSizeBytes(type, idSizeBytes);
        if (size < 0) {
            throw subRecordError(recordOffset, recordName, start, HprofTag.CLASS_DUMP, "invalid field type " + type);
        }
        return size;
    }

    private long readValue(long p, int type) {
        switch (type) {
            case HprofTag.TYPE_OBJECT: return file.id(p, idSizeBytes);
            case HprofTag.TYPE_BOOLEAN: case HprofTag.TYPE_BYTE: return (byte) file.u1(p);
            case HprofTag.TYPE_CHAR: return file.u2(p);
            case HprofTag.TYPE_SHORT: return (short) file.u2(p);
            case HprofTag.TYPE_FLOAT: case HprofTag.TYPE_INT: return file.i4(p);
            default: return file.i8(p);
        }
    }
}
