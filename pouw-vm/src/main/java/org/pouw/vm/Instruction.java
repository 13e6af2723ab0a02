package org.pouw.vm;

import java.util.Objects;
import org.pouw.crypto.Goldilocks;

/**
 * One VM instruction in canonical form (ARCHITECTURE.md §7).
 *
 * <p>All instructions share one shape so that the encoding has a fixed width and the STARK's VM AIR can read every
 * instruction the same way: registers {@code d}, {@code a}, {@code b} (0–7) and a 64-bit {@code imm} that holds the
 * immediate of {@code addi}/{@code muli}/{@code li} or the target instruction index of {@code jz}/{@code jmp}. Fields
 * the opcode does not use ({@link Opcode#operands()}) must be zero, so each instruction has exactly one
 * representation and one encoding. The constructor enforces this and throws {@link IllegalArgumentException}
 * otherwise.
 *
 * @param opcode what to do
 * @param d      destination register, or 0 when unused
 * @param a      first source register (the tested register for {@code jz}), or 0 when unused
 * @param b      second source register, or 0 when unused
 * @param imm    canonical field element (immediates) or target index in [0, {@link Program#MAX_INSTRUCTIONS}]
 *               (jumps), or 0 when unused
 */
public record Instruction(Opcode opcode, int d, int a, int b, long imm) {
    public Instruction {
        Objects.requireNonNull(opcode, "opcode");
        checkRegister(opcode, OperandKind.D, d);
        checkRegister(opcode, OperandKind.A, a);
        checkRegister(opcode, OperandKind.B, b);
        if (opcode.uses(OperandKind.IMMEDIATE)) {
            if (!Goldilocks.isCanonical(imm)) {
                throw new IllegalArgumentException(opcode.mnemonic() + ": immediate " + Long.toUnsignedString(imm)
                        + " is not a field element (must be below p = " + Long.toUnsignedString(Goldilocks.P) + ")");
            }
        } else if (opcode.uses(OperandKind.TARGET)) {
            if (imm < 0 || imm > Program.MAX_INSTRUCTIONS) {
                throw new IllegalArgumentException(opcode.mnemonic() + ": jump target " + Long.toUnsignedString(imm)
                        + " out of range [0, " + Program.MAX_INSTRUCTIONS + "]");
            }
        } else if (imm != 0) {
            throw new IllegalArgumentException(opcode.mnemonic() + " has no immediate, but imm = "
                    + Long.toUnsignedString(imm));
        }
    }

    private static void checkRegister(Opcode opcode, OperandKind kind, int register) {
        if (opcode.uses(kind)) {
            if (register < 0 || register >= VmState.REGISTERS) {
                throw new IllegalArgumentException(opcode.mnemonic() + ": register " + kind.name().toLowerCase()
                        + " = " + register + " out of range (registers are r0..r7)");
            }
        } else if (register != 0) {
            throw new IllegalArgumentException(opcode.mnemonic() + " has no operand " + kind.name().toLowerCase()
                    + ", but it is " + register);
        }
    }

    public static Instruction add(int d, int a, int b) {
        return new Instruction(Opcode.ADD, d, a, b, 0);
    }

    public static Instruction sub(int d, int a, int b) {
        return new Instruction(Opcode.SUB, d, a, b, 0);
    }

    public static Instruction mul(int d, int a, int b) {
        return new Instruction(Opcode.MUL, d, a, b, 0);
    }

    public static Instruction addi(int d, int a, long imm) {
        return new Instruction(Opcode.ADDI, d, a, 0, imm);
    }

    public static Instruction muli(int d, int a, long imm) {
        return new Instruction(Opcode.MULI, d, a, 0, imm);
    }

    public static Instruction li(int d, long imm) {
        return new Instruction(Opcode.LI, d, 0, 0, imm);
    }

    public static Instruction mov(int d, int a) {
        return new Instruction(Opcode.MOV, d, a, 0, 0);
    }

    public static Instruction inv(int d, int a) {
        return new Instruction(Opcode.INV, d, a, 0, 0);
    }

    public static Instruction eqz(int d, int a) {
        return new Instruction(Opcode.EQZ, d, a, 0, 0);
    }

    public static Instruction jz(int a, int target) {
        return new Instruction(Opcode.JZ, 0, a, 0, target);
    }

    public static Instruction jmp(int target) {
        return new Instruction(Opcode.JMP, 0, 0, 0, target);
    }

    public static Instruction halt() {
        return new Instruction(Opcode.HALT, 0, 0, 0, 0);
    }

    /** Whether this is {@code jz} or {@code jmp}. */
    public boolean isJump() {
        return opcode.uses(OperandKind.TARGET);
    }

    /** The instruction index a jump goes to; {@link IllegalStateException} for anything but {@code jz}/{@code jmp}. */
    public int target() {
        if (!isJump()) {
            throw new IllegalStateException(opcode.mnemonic() + " has no jump target");
        }
        return (int) imm;
    }

    /** Assembly-like text for logs; jump targets show as {@code @index} because labels are not kept. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(opcode.mnemonic());
        for (OperandKind kind : opcode.operands()) {
            text.append(' ').append(switch (kind) {
                case D -> "r" + d;
                case A -> "r" + a;
                case B -> "r" + b;
                case IMMEDIATE -> Goldilocks.toString(imm);
                case TARGET -> "@" + imm;
            });
        }
        return text.toString();
    }
}
