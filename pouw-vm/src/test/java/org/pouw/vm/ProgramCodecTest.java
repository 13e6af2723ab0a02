package org.pouw.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Goldilocks;
import org.pouw.crypto.Hex;

class ProgramCodecTest {
    private static final Program SMALL = Program.of(Instruction.li(1, Goldilocks.P - 1), Instruction.jz(2, 2),
            Instruction.halt());

    @Test
    void layoutIsFixedWidthBigEndian() {
        assertThat(Hex.encode(SMALL.encode())).isEqualTo(
                "50564d50" + "01" + "00000003"
                        + "06" + "01" + "00" + "00" + "ffffffff00000000"
                        + "0a" + "00" + "02" + "00" + "0000000000000002"
                        + "0c" + "00" + "00" + "00" + "0000000000000000");
        assertThat(SMALL.hash()).isEqualTo(Blake3.hash(SMALL.encode()));
        assertThat(ProgramCodec.decode(SMALL.encode())).isEqualTo(SMALL);
    }

    @Test
    void rejectsBadHeaders() {
        assertRejected("", "truncated");
        assertRejected("50564d51" + "01" + "00000001" + "0c000000" + "0000000000000000", "magic");
        assertRejected("50564d50" + "02" + "00000001" + "0c000000" + "0000000000000000", "unsupported version 2");
        assertRejected("50564d50" + "01" + "00000000", "instruction count 0");
        assertRejected("50564d50" + "01" + "ffffffff" + "0c000000" + "0000000000000000", "instruction count 4294967295");
        assertRejected("50564d50" + "01" + "00000002" + "0c000000" + "0000000000000000", "needs 24 bytes");
    }

    @Test
    void rejectsNonCanonicalInstructions() {
        String header = "50564d50" + "01" + "00000001";
        assertRejected(header + "0d000000" + "0000000000000000", "unknown opcode 0xd");
        assertRejected(header + "0c010000" + "0000000000000000", "halt has no operand d");
        assertRejected(header + "07000800" + "0000000000000000", "out of range");
        assertRejected(header + "06000000" + "ffffffff00000001", "not a field element");
        assertRejected(header + "0b000000" + "0000000000000002", "beyond the end");
    }

    @Test
    void rejectsTrailingBytes() {
        assertRejected(Hex.encode(SMALL.encode()) + "00", "needs 36 bytes");
    }

    private static void assertRejected(String hex, String problem) {
        assertThatThrownBy(() -> ProgramCodec.decode(Hex.decode(hex)))
                .isInstanceOf(MalformedEncodingException.class)
                .hasMessageContaining(problem);
    }
}
