package org.pouw.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.Goldilocks;
import org.pouw.crypto.Hex;

class TraceCodecTest {
    private static final Trace TRACE = Interpreter.run(Assembler.assemble("addi r0 r0 -1\nhalt"), new long[] {1}, 10)
            .trace();

    @Test
    void layoutIsHeaderThenRowsOfPcAndRegisters() {
        String hex = Hex.encode(TRACE.encode());
        String header = "50564d54" + "01" + Hex.encode(TRACE.programHash()) + "08" + "00000003";
        String zeros7 = "0000000000000000".repeat(7);
        assertThat(hex).isEqualTo(header
                + "0000000000000000" + "0000000000000001" + zeros7
                + "0000000000000001" + "0000000000000000" + zeros7
                + "0000000000000001" + "0000000000000000" + zeros7);
    }

    @Test
    void rejectsEachKindOfDamageWithAClearMessage() {
        byte[] good = TRACE.encode();
        assertRejected(withByte(good, 0, 'X'), "bad magic");
        assertRejected(withByte(good, 4, 2), "unsupported version 2");
        assertRejected(withByte(good, 37, 9), "register count 9");
        assertRejected(withU32(good, 38, 0), "row count 0 out of range");
        assertRejected(withU32(good, 38, 4), "row count 4 needs 288 bytes of rows, but 216 follow");
        assertRejected(withU64(good, 42, Program.MAX_INSTRUCTIONS + 1L), "pc 1048577 out of range");
        assertRejected(withU64(good, 42 + 8, Goldilocks.P), "r0 = 18446744069414584321 is not a field element");
        assertRejected(Arrays.copyOf(good, good.length + 1), "needs 216 bytes of rows, but 217 follow");
        assertRejected(Arrays.copyOf(good, 20), "truncated");
    }

    @Test
    void aHugeRowCountInAShortBufferIsRejectedBeforeAllocating() {
        byte[] lying = withU32(TRACE.encode(), 38, Trace.MAX_ROWS);
        assertRejected(lying, "needs " + (long) Trace.MAX_ROWS * 72 + " bytes of rows");
        assertRejected(withU32(TRACE.encode(), 38, 0xFFFF_FFFFL), "row count 4294967295 out of range");
    }

    private static void assertRejected(byte[] bytes, String problem) {
        assertThatThrownBy(() -> TraceCodec.decode(bytes))
                .isInstanceOf(MalformedEncodingException.class)
                .hasMessageContaining(problem);
    }

    private static byte[] withByte(byte[] bytes, int offset, int value) {
        byte[] copy = bytes.clone();
        copy[offset] = (byte) value;
        return copy;
    }

    private static byte[] withU32(byte[] bytes, int offset, long value) {
        byte[] copy = bytes.clone();
        for (int i = 0; i < 4; i++) {
            copy[offset + i] = (byte) (value >>> (24 - 8 * i));
        }
        return copy;
    }

    private static byte[] withU64(byte[] bytes, int offset, long value) {
        byte[] copy = bytes.clone();
        for (int i = 0; i < 8; i++) {
            copy[offset + i] = (byte) (value >>> (56 - 8 * i));
        }
        return copy;
    }
}
