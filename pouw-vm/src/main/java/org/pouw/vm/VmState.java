package org.pouw.vm;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import org.pouw.crypto.Goldilocks;

/**
 * One row of a trace: the program counter and the registers r0…r7 (ARCHITECTURE.md §7). Immutable.
 *
 * <p>{@code pc} lies in [0, {@link Program#MAX_INSTRUCTIONS}] (a pc at or past the end of a program is the state of a
 * fault) and every register holds a canonical Goldilocks element. The canonical encoding is {@value #ENCODED_LENGTH}
 * bytes: pc, then r0…r7, each as an 8-byte big-endian field element; a trace row is encoded the same way
 * ({@link TraceCodec}).
 *
 * @param pc        index of the next instruction to execute
 * @param registers the eight registers; copied on the way in and out, so the state cannot change
 */
public record VmState(int pc, long[] registers) {
    public static final int REGISTERS = 8;
    /** Columns of a trace row: pc, then the registers. */
    public static final int WIDTH = 1 + REGISTERS;
    public static final int ENCODED_LENGTH = 8 * WIDTH;

    public VmState {
        if (pc < 0 || pc > Program.MAX_INSTRUCTIONS) {
            throw new IllegalArgumentException("pc " + pc + " out of range [0, " + Program.MAX_INSTRUCTIONS + "]");
        }
        Objects.requireNonNull(registers, "registers");
        if (registers.length != REGISTERS) {
            throw new IllegalArgumentException("a state has " + REGISTERS + " registers, got " + registers.length);
        }
        registers = registers.clone();
        for (int i = 0; i < REGISTERS; i++) {
            if (!Goldilocks.isCanonical(registers[i])) {
                throw new IllegalArgumentException("register r" + i + " = " + Long.toUnsignedString(registers[i])
                        + " is not a field element (must be below p)");
            }
        }
    }

    /**
     * The state a run starts in: pc = 0, the inputs in r0, r1, …, the other registers 0 (§7).
     *
     * @throws IllegalArgumentException naming "inputs" if there are more than eight or one is not below p
     */
    public static VmState initial(long[] inputs) {
        Objects.requireNonNull(inputs, "inputs");
        if (inputs.length > REGISTERS) {
            throw new IllegalArgumentException("inputs: at most " + REGISTERS + " values, got " + inputs.length);
        }
        for (int i = 0; i < inputs.length; i++) {
            if (!Goldilocks.isCanonical(inputs[i])) {
                throw new IllegalArgumentException("inputs[" + i + "] = " + Long.toUnsignedString(inputs[i])
                        + " is not a field element (must be below p = " + Goldilocks.toString(Goldilocks.P) + ")");
            }
        }
        return new VmState(0, Arrays.copyOf(inputs, REGISTERS));
    }

    /** A copy of the registers. */
    @Override
    public long[] registers() {
        return registers.clone();
    }

    public long register(int index) {
        return registers[index];
    }

    /** The {@value #ENCODED_LENGTH}-byte canonical encoding: pc and r0…r7 as 8-byte big-endian words. */
    public byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(ENCODED_LENGTH).putLong(pc);
        for (long register : registers) {
            out.putLong(register);
        }
        return out.array();
    }

    /**
     * The state these {@value #ENCODED_LENGTH} bytes encode.
     *
     * @throws MalformedEncodingException for a wrong length, a pc out of range or a register not below p
     */
    public static VmState decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        StrictReader in = new StrictReader(bytes, "state encoding");
        VmState state = read(in);
        in.expectEnd();
        return state;
    }

    static VmState read(StrictReader in) {
        long[] row = new long[WIDTH];
        readRow(in, row, 0);
        return new VmState((int) row[0], Arrays.copyOfRange(row, 1, WIDTH));
    }

    /** Reads one encoded row (pc, r0…r7) into {@code target[offset …]}, checking the same rules as the constructor. */
    static void readRow(StrictReader in, long[] target, int offset) {
        long pc = in.u64();
        if (pc < 0 || pc > Program.MAX_INSTRUCTIONS) {
            throw in.fail("pc " + Long.toUnsignedString(pc) + " out of range [0, " + Program.MAX_INSTRUCTIONS + "]");
        }
        target[offset] = pc;
        for (int i = 0; i < REGISTERS; i++) {
            long register = in.u64();
            if (!Goldilocks.isCanonical(register)) {
                throw in.fail("r" + i + " = " + Long.toUnsignedString(register) + " is not a field element");
            }
            target[offset + 1 + i] = register;
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VmState state && pc == state.pc && Arrays.equals(registers, state.registers);
    }

    @Override
    public int hashCode() {
        return 31 * pc + Arrays.hashCode(registers);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("VmState[pc=").append(pc);
        for (int i = 0; i < REGISTERS; i++) {
            text.append(", r").append(i).append('=').append(Goldilocks.toString(registers[i]));
        }
        return text.append(']').toString();
    }
}
