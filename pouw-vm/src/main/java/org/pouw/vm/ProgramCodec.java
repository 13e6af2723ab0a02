package org.pouw.vm;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The canonical binary form of a {@link Program}; its BLAKE3 is the program hash.
 *
 * <pre>
 * offset      size  field
 * 0           4     magic "PVMP" (50 56 4D 50)
 * 4           1     format version, 0x01
 * 5           4     instruction count n, unsigned big-endian, 1 ≤ n ≤ 2^20
 * 9 + 12·i    1     opcode byte ({@link Opcode#code()})
 * 10 + 12·i   1     d register (0–7, 0 when unused)
 * 11 + 12·i   1     a register (0–7, 0 when unused)
 * 12 + 12·i   1     b register (0–7, 0 when unused)
 * 13 + 12·i   8     imm, unsigned big-endian: field element &lt; p, jump target ≤ n, or 0 when unused
 * 9 + 12·n          end; nothing may follow
 * </pre>
 *
 * <p>Every instruction has the same width so that the encoding, the hash and the STARK's program commitment stay
 * simple. Decoding is strict: any byte sequence that {@link #encode} could not have produced is rejected, so one
 * program has exactly one encoding and one hash.
 */
public final class ProgramCodec {
    static final byte[] MAGIC = "PVMP".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION = 1;
    public static final int HEADER_LENGTH = 9;
    public static final int INSTRUCTION_LENGTH = 12;

    private ProgramCodec() {
    }

    public static byte[] encode(Program program) {
        ByteBuffer out = ByteBuffer.allocate(HEADER_LENGTH + INSTRUCTION_LENGTH * program.size());
        out.put(MAGIC).put((byte) VERSION).putInt(program.size());
        for (Instruction instruction : program.instructions()) {
            out.put((byte) instruction.opcode().code())
                    .put((byte) instruction.d())
                    .put((byte) instruction.a())
                    .put((byte) instruction.b())
                    .putLong(instruction.imm());
        }
        return out.array();
    }

    /**
     * The program these bytes encode.
     *
     * @throws MalformedEncodingException for anything but a canonical encoding (the only exception thrown for a
     *                                    non-null argument)
     */
    public static Program decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        StrictReader in = new StrictReader(bytes, "program encoding");
        in.expect(MAGIC, "magic (expected \"PVMP\")");
        int version = in.u8();
        if (version != VERSION) {
            throw in.fail("unsupported version " + version + " (expected " + VERSION + ")");
        }
        long count = in.u32();
        if (count < 1 || count > Program.MAX_INSTRUCTIONS) {
            throw in.fail("instruction count " + count + " out of range [1, " + Program.MAX_INSTRUCTIONS + "]");
        }
        // Check the length before allocating anything sized by the untrusted count.
        if (in.remaining() != count * INSTRUCTION_LENGTH) {
            throw in.fail("instruction count " + count + " needs " + count * INSTRUCTION_LENGTH
                    + " bytes of instructions, but " + in.remaining() + " follow");
        }
        List<Instruction> instructions = new ArrayList<>((int) count);
        for (int index = 0; index < count; index++) {
            instructions.add(readInstruction(in, index));
        }
        in.expectEnd();
        try {
            return Program.of(instructions);
        } catch (IllegalArgumentException e) {
            throw new MalformedEncodingException("program encoding: " + e.getMessage());
        }
    }

    private static Instruction readInstruction(StrictReader in, int index) {
        int code = in.u8();
        Opcode opcode = Opcode.fromCode(code)
                .orElseThrow(() -> in.fail("instruction " + index + ": unknown opcode 0x" + Integer.toHexString(code)));
        int d = in.u8();
        int a = in.u8();
        int b = in.u8();
        long imm = in.u64();
        try {
            return new Instruction(opcode, d, a, b, imm);
        } catch (IllegalArgumentException e) {
            throw in.fail("instruction " + index + ": " + e.getMessage());
        }
    }
}
