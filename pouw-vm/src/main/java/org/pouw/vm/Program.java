package org.pouw.vm;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.pouw.crypto.Hex;

/**
 * An immutable, validated list of instructions: what an intent runs (ARCHITECTURE.md §7).
 *
 * <p>A program has 1 to {@link #MAX_INSTRUCTIONS} instructions and every jump target lies in [0, size]. A target equal
 * to the size is allowed (a label after the last instruction) and makes the jump a fault at run time, like falling off
 * the end. Its identity is {@link #hash()}, BLAKE3 of the canonical encoding from {@link ProgramCodec}; traces name
 * the program they came from by that hash.
 */
public final class Program {
    /** Upper bound on program length, so pc values and jump targets stay small and decoders stay bounded. */
    public static final int MAX_INSTRUCTIONS = 1 << 20;

    private final List<Instruction> instructions;
    private volatile byte[] hash;

    private Program(List<Instruction> instructions) {
        this.instructions = instructions;
    }

    /**
     * A program of these instructions.
     *
     * @throws IllegalArgumentException if the list is empty, too long, or a jump target lies beyond the end
     */
    public static Program of(List<Instruction> instructions) {
        List<Instruction> copy = List.copyOf(instructions);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("a program needs at least one instruction");
        }
        if (copy.size() > MAX_INSTRUCTIONS) {
            throw new IllegalArgumentException("a program has at most " + MAX_INSTRUCTIONS + " instructions, got "
                    + copy.size());
        }
        for (int index = 0; index < copy.size(); index++) {
            Instruction instruction = copy.get(index);
            if (instruction.isJump() && instruction.target() > copy.size()) {
                throw new IllegalArgumentException("instruction " + index + " (" + instruction
                        + ") jumps beyond the end of a program of " + copy.size() + " instructions");
            }
        }
        return new Program(copy);
    }

    public static Program of(Instruction... instructions) {
        return of(Arrays.asList(instructions));
    }

    /** The instructions, unmodifiable; index = pc. */
    public List<Instruction> instructions() {
        return instructions;
    }

    public int size() {
        return instructions.size();
    }

    public Instruction instruction(int pc) {
        return instructions.get(pc);
    }

    /** The canonical encoding ({@link ProgramCodec}). */
    public byte[] encode() {
        return ProgramCodec.encode(this);
    }

    /** BLAKE3 of {@link #encode()}: 32 bytes naming this program in traces and intents. */
    public byte[] hash() {
        byte[] cached = hash;
        if (cached == null) {
            cached = org.pouw.crypto.Blake3.hash(encode());
            hash = cached; // racy but idempotent: every thread computes the same bytes
        }
        return cached.clone();
    }

    public String hashHex() {
        return Hex.encode(hash());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Program program && instructions.equals(program.instructions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(instructions);
    }

    @Override
    public String toString() {
        return "Program" + instructions;
    }
}
