package dev.vigil.hprof;

import dev.vigil.hprof.reader.HprofTag;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Writes small HPROF files of known structure: identifier size 4 or 8, one HEAP_DUMP or shuffled segments. */
final class SyntheticDump {
    private final int idSize;
    private long nextId = 0x1000;
    private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
    private final ByteArrayOutputStream loadClasses = new ByteArrayOutputStream();
    private final List<byte[]> subRecords = new ArrayList<>();
    private final Map<Long, byte[]> fieldTypesByClass = new HashMap<>();
    private final Map<Long, Long> superByClass = new HashMap<>();
    private int classSerial = 1;

    SyntheticDump(int idSize) {
        this.idSize = idSize;
    }

    private void id(DataOutputStream out, long id) throws IOException {
        if (idSize == 8) out.writeLong(id); else out.writeInt((int) id);
    }

    private long newId() {
        nextId += 16;
        return nextId;
    }

    long string(String s) {
        long id = newId();
        try {
            DataOutputStream out = new DataOutputStream(strings);
            byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.writeByte(HprofTag.UTF8);
            out.writeInt(0);
            out.writeInt(idSize + b.length);
            id(out, id);
            out.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return id;
    }

    /** A class with instance fields (name, type) pairs, e.g. {"next", TYPE_OBJECT}, and object statics. */
    long defineClass(String internalName, long superId, String[] fieldNames, byte[] fieldTypes, String[] staticNames, long[] staticValues) {
        long classId = newId();
        long nameId = string(internalName);
        try {
            DataOutputStream out = new DataOutputStream(loadClasses);
            out.writeByte(HprofTag.LOAD_CLASS);
            out.writeInt(0);
            out.writeInt(8 + 2 * idSize);
            out.writeInt(classSerial++);
            id(out, classId);
            out.writeInt(0);
            id(out, nameId);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream r = new DataOutputStream(bytes);
            r.writeByte(HprofTag.CLASS_DUMP);
            id(r, classId);
            r.writeInt(0);
            id(r, superId);
            for (int i = 0; i < 5; i++) id(r, 0);
            int size = 0;
            for (byte t : fieldTypes) size += HprofTag.valueSizeBytes(t, idSize);
            r.writeInt(size);
            r.writeShort(0);
            r.writeShort(staticNames.length);
            for (int i = 0; i < staticNames.length; i++) {
                id(r, string(staticNames[i]));
                r.writeByte(HprofTag.TYPE_OBJECT);
                id(r, staticValues[i]);
            }
            r.writeShort(fieldNames.length);
            for (int i = 0; i < fieldNames.length; i++) {
                id(r, string(fieldNames[i]));
                r.writeByte(fieldTypes[i]);
            }
            subRecords.add(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        fieldTypesByClass.put(classId, fieldTypes);
        superByClass.put(classId, superId);
        return classId;
    }

    /** An instance; values in dump order (own fields first, then the superclass's). */
    long instance(long classId, long... values) {
        long id = newId();
        try {
            ByteArrayOutputStream fields = new ByteArrayOutputStream();
            DataOutputStream f = new DataOutputStream(fields);
            int k = 0;
            for (Long c = classId; c != null && c != 0; c = superByClass.get(c)) {
                for (byte t : fieldTypesByClass.get(c)) {
                    long v = values[k++];
                    switch (HprofTag.valueSizeBytes(t, idSize)) {
                        case 1: f.writeByte((int) v); break;
                        case 2: f.writeShort((int) v); break;
                        case 4: f.writeInt((int) v); break;
                        default: f.writeLong(v);
                    }
                }
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream r = new DataOutputStream(bytes);
            r.writeByte(HprofTag.INSTANCE_DUMP);
            id(r, id);
            r.writeInt(0);
            id(r, classId);
            r.writeInt(fields.size());
            r.write(fields.toByteArray());
            subRecords.add(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return id;
    }

    long objectArray(long arrayClassId, long... elements) {
        long id = newId();
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream r = new DataOutputStream(bytes);
            r.writeByte(HprofTag.OBJECT_ARRAY_DUMP);
            id(r, id);
            r.writeInt(0);
            r.writeInt(elements.length);
            id(r, arrayClassId);
            for (long e : elements) id(r, e);
            subRecords.add(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return id;
    }

    long byteArray(int length) {
        long id = newId();
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream r = new DataOutputStream(bytes);
            r.writeByte(HprofTag.PRIMITIVE_ARRAY_DUMP);
            id(r, id);
            r.writeInt(0);
            r.writeInt(length);
            r.writeByte(HprofTag.TYPE_BYTE);
            r.write(new byte[length]);
            subRecords.add(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return id;
    }

    /** A root sub-record; {@code threadSerial} is used by the thread-related kinds. */
    void root(int tag, long objectId, int threadSerial) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream r = new DataOutputStream(bytes);
            r.writeByte(tag);
            id(r, objectId);
            switch (tag) {
                case HprofTag.ROOT_JNI_GLOBAL: id(r, 0); break;
                case HprofTag.ROOT_JNI_LOCAL: case HprofTag.ROOT_JAVA_FRAME: case HprofTag.ROOT_THREAD_OBJECT:
                    r.writeInt(threadSerial); r.writeInt(0); break;
                case HprofTag.ROOT_NATIVE_STACK: case HprofTag.ROOT_THREAD_BLOCK: r.writeInt(threadSerial); break;
                default: break;
            }
            subRecords.add(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The dump: version 1.0.1 with one HEAP_DUMP record, or 1.0.2 with one HEAP_DUMP_SEGMENT per
     * sub-record in shuffled order followed by HEAP_DUMP_END.
     */
    byte[] toBytes(boolean segmentsShuffled, long seed) {
        try {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(all);
            out.write((segmentsShuffled ? "JAVA PROFILE 1.0.2" : "JAVA PROFILE 1.0.1").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.writeByte(0);
            out.writeInt(idSize);
            out.writeLong(System.currentTimeMillis());
            out.write(strings.toByteArray());
            out.write(loadClasses.toByteArray());
            List<byte[]> records = new ArrayList<>(subRecords);
            if (segmentsShuffled) {
                Collections.shuffle(records, new Random(seed));
                for (byte[] r : records) {
                    out.writeByte(HprofTag.HEAP_DUMP_SEGMENT);
                    out.writeInt(0);
                    out.writeInt(r.length);
                    out.write(r);
                }
                out.writeByte(HprofTag.HEAP_DUMP_END);
                out.writeInt(0);
                out.writeInt(0);
            } else {
                int length = 0;
                for (byte[] r : records) length += r.length;
                out.writeByte(HprofTag.HEAP_DUMP);
                out.writeInt(0);
                out.writeInt(length);
                for (byte[] r : records) out.write(r);
            }
            return all.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
