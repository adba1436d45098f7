package dev.vigil.pprof;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable buffer of protobuf wire-format bytes: varints, length-delimited fields and packed
 * repeated varints, which is all profile.proto needs.
 */
final class ProtobufOutput {
    static final int WIRE_VARINT = 0;
    static final int WIRE_LENGTH_DELIMITED = 2;

    private byte[] bytes = new byte[256];
    private int size;

    int size() {
        return size;
    }

    void reset() {
        size = 0;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, size);
    }

    /** Unsigned LEB128; negative int64 values take 10 bytes, as protobuf specifies. */
    void varint(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        bytes[size++] = (byte) value;
    }

    void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    /** An int64/uint64/bool field, always written. */
    void int64(int field, long value) {
        tag(field, WIRE_VARINT);
        varint(value);
    }

    /** An int64 field omitted when zero, proto3's default. */
    void int64IfNonZero(int field, long value) {
        if (value != 0) {
            int64(field, value);
        }
    }

    void string(int field, String value) {
        bytes(field, value.getBytes(StandardCharsets.UTF_8), 0, -1);
    }

    /** A packed repeated varint field; omitted when empty. */
    void packedVarints(int field, long[] values, int count) {
        if (count == 0) {
            return;
        }
        int length = 0;
        for (int i = 0; i < count; i++) {
            length += varintSize(values[i]);
        }
        tag(field, WIRE_LENGTH_DELIMITED);
        varint(length);
        for (int i = 0; i < count; i++) {
            varint(values[i]);
        }
    }

    /** An embedded message whose encoded bytes are in {@code message}. */
    void message(int field, ProtobufOutput message) {
        bytes(field, message.bytes, 0, message.size);
    }

    private void bytes(int field, byte[] data, int offset, int length) {
        int n = length < 0 ? data.length : length;
        tag(field, WIRE_LENGTH_DELIMITED);
        varint(n);
        ensure(n);
        System.arraycopy(data, offset, bytes, size, n);
        size += n;
    }

    static int varintSize(long value) {
        int n = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            n++;
        }
        return n;
    }

    private void ensure(int extra) {
        if (size + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
        }
    }
}
