package dev.vigil.pprof;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProtobufOutputTest {

    private static byte[] varint(long v) {
        ProtobufOutput out = new ProtobufOutput();
        out.varint(v);
        return out.toByteArray();
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void varintsMatchTheProtobufSpecExamples() {
        assertThat(varint(0)).containsExactly(bytes(0x00));
        assertThat(varint(1)).containsExactly(bytes(0x01));
        assertThat(varint(127)).containsExactly(bytes(0x7F));
        assertThat(varint(128)).containsExactly(bytes(0x80, 0x01));
        assertThat(varint(150)).containsExactly(bytes(0x96, 0x01));
        assertThat(varint(300)).containsExactly(bytes(0xAC, 0x02));
        // negative int64 is sign-extended to 10 bytes
        assertThat(varint(-1)).containsExactly(bytes(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01));
        assertThat(varint(Long.MAX_VALUE)).hasSize(9);
        assertThat(ProtobufOutput.varintSize(300)).isEqualTo(2);
        assertThat(ProtobufOutput.varintSize(-1)).isEqualTo(10);
    }

    @Test
    void fieldsCarryTagAndWireType() {
        ProtobufOutput out = new ProtobufOutput();
        out.int64(1, 150);
        out.string(2, "testing");
        assertThat(out.toByteArray()).containsExactly(
                bytes(0x08, 0x96, 0x01, 0x12, 0x07, 't', 'e', 's', 't', 'i', 'n', 'g'));
    }

    @Test
    void packedRepeatedVarintsHaveOneTagAndTheirByteLength() {
        ProtobufOutput out = new ProtobufOutput();
        out.packedVarints(4, new long[] {3, 270, 86942, 999}, 3);
        // the spec's example: field 4, length 6, then 03 8E 02 9E A7 05
        assertThat(out.toByteArray()).containsExactly(bytes(0x22, 0x06, 0x03, 0x8E, 0x02, 0x9E, 0xA7, 0x05));
        ProtobufOutput empty = new ProtobufOutput();
        empty.packedVarints(4, new long[0], 0);
        assertThat(empty.size()).isZero();
    }

    @Test
    void zeroIsOmittedOnlyWhenAsked() {
        ProtobufOutput out = new ProtobufOutput();
        out.int64IfNonZero(1, 0);
        assertThat(out.size()).isZero();
        out.int64(1, 0);
        assertThat(out.toByteArray()).containsExactly(bytes(0x08, 0x00));
    }

    @Test
    void nestedMessageIsLengthPrefixedAndBufferGrows() {
        ProtobufOutput inner = new ProtobufOutput();
        for (int i = 0; i < 1000; i++) {
            inner.int64(1, 1);
        }
        ProtobufOutput outer = new ProtobufOutput();
        outer.message(3, inner);
        byte[] b = outer.toByteArray();
        assertThat(b).hasSize(1 + 2 + 2000);
        assertThat(b[0]).isEqualTo((byte) 0x1A);
        assertThat(new byte[] {b[1], b[2]}).containsExactly(bytes(0xD0, 0x0F)); // 2000
    }
}
