package org.pouw.vm;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The twelve instructions of the VM (ARCHITECTURE.md §7), each with its one-byte code in the program encoding and
 * its operands in source order.
 *
 * <p>The byte codes are part of {@link ProgramCodec}'s format and so of every program hash: never renumber them; add
 * new opcodes with new codes and a new format version.
 */
public enum Opcode {
    /** {@code add d a b}: d ← a + b. */
    ADD(0x01, OperandKind.D, OperandKind.A, OperandKind.B),
    /** {@code sub d a b}: d ← a − b. */
    SUB(0x02, OperandKind.D, OperandKind.A, OperandKind.B),
    /** {@code mul d a b}: d ← a · b. */
    MUL(0x03, OperandKind.D, OperandKind.A, OperandKind.B),
    /** {@code addi d a imm}: d ← a + imm. */
    ADDI(0x04, OperandKind.D, OperandKind.A, OperandKind.IMMEDIATE),
    /** {@code muli d a imm}: d ← a · imm. */
    MULI(0x05, OperandKind.D, OperandKind.A, OperandKind.IMMEDIATE),
    /** {@code li d imm}: d ← imm. */
    LI(0x06, OperandKind.D, OperandKind.IMMEDIATE),
    /** {@code mov d a}: d ← a. */
    MOV(0x07, OperandKind.D, OperandKind.A),
    /** {@code inv d a}: d ← a^−1, with 0 ↦ 0. */
    INV(0x08, OperandKind.D, OperandKind.A),
    /** {@code eqz d a}: d ← 1 if a = 0, else 0. */
    EQZ(0x09, OperandKind.D, OperandKind.A),
    /** {@code jz a label}: jump to label if a = 0, else fall through. */
    JZ(0x0A, OperandKind.A, OperandKind.TARGET),
    /** {@code jmp label}: jump to label. */
    JMP(0x0B, OperandKind.TARGET),
    /** {@code halt}: stop; the registers are the output. */
    HALT(0x0C);

    private final int code;
    private final List<OperandKind> operands;

    Opcode(int code, OperandKind... operands) {
        this.code = code;
        this.operands = List.of(operands);
    }

    /** The byte that stands for this opcode in the program encoding. */
    public int code() {
        return code;
    }

    /** The lower-case mnemonic used in assembly source. */
    public String mnemonic() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Operands in the order they are written in source. */
    public List<OperandKind> operands() {
        return operands;
    }

    public boolean uses(OperandKind kind) {
        return operands.contains(kind);
    }

    /** The opcode with this byte code, if any. */
    public static Optional<Opcode> fromCode(int code) {
        for (Opcode opcode : values()) {
            if (opcode.code == code) {
                return Optional.of(opcode);
            }
        }
        return Optional.empty();
    }

    /** The opcode with this mnemonic, ignoring case, if any. */
    public static Optional<Opcode> fromMnemonic(String mnemonic) {
        for (Opcode opcode : values()) {
            if (opcode.name().equalsIgnoreCase(mnemonic)) {
                return Optional.of(opcode);
            }
        }
        return Optional.empty();
    }
}
