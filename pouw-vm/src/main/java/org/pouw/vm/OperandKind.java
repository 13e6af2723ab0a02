package org.pouw.vm;

/**
 * What one operand of an instruction names, and which {@link Instruction} field holds it.
 *
 * <p>Listing an opcode's operands as these kinds lets the assembler, the disassembler and the canonical-form check
 * share one description of the ISA instead of three switch statements that could drift apart.
 */
public enum OperandKind {
    /** Destination register, in {@link Instruction#d()}. */
    D,
    /** First source register (or the register {@code jz} tests), in {@link Instruction#a()}. */
    A,
    /** Second source register, in {@link Instruction#b()}. */
    B,
    /** A field element, in {@link Instruction#imm()}. */
    IMMEDIATE,
    /** A jump target (an instruction index; a label in source), in {@link Instruction#imm()}. */
    TARGET
}
