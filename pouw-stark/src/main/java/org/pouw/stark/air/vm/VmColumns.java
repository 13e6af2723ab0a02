package org.pouw.stark.air.vm;

import org.pouw.vm.Instruction;
import org.pouw.vm.Opcode;
import org.pouw.vm.VmState;

/**
 * The main-trace columns of the VM AIR (docs/stark.md, "The VM AIR"), one row per step. Row i holds the state
 * before step i and how step i decoded its instruction; row i + 1 holds the state after it.
 */
public final class VmColumns {
    /** The program counter. */
    public static final int PC = 0;
    /** r0 … r7 are columns REG … REG + 7. */
    public static final int REG = 1;
    /** One-hot opcode selectors: the twelve opcodes in {@link Opcode} order, then {@link #PAD}. */
    public static final int OP = REG + VmState.REGISTERS;
    public static final int OPCODES = Opcode.values().length;
    /** The non-executed row after the halt: keeps the state, takes part in no lookup. */
    public static final int PAD = OP + OPCODES;
    public static final int OP_SELECTORS = OPCODES + 1;
    /** One-hot register selectors for the destination d, the first operand a and the second operand b. */
    public static final int D = OP + OP_SELECTORS;
    public static final int A = D + VmState.REGISTERS;
    public static final int B = A + VmState.REGISTERS;
    /** The immediate, or a jump's target. */
    public static final int IMM = B + VmState.REGISTERS;
    /** The selected operands: the value of register a and of register b. */
    public static final int VA = IMM + 1;
    public static final int VB = VA + 1;
    /** The value a writing opcode puts into register d. */
    public static final int OUT = VB + 1;
    /** The is-zero witness (the inverse of va, or anything when va = 0) and flag (1 exactly when va = 0). */
    public static final int W = OUT + 1;
    public static final int ZF = W + 1;
    /** 1 from the row after the halt on: "a halt has executed before this row". */
    public static final int DONE = ZF + 1;
    /** How often the table slot of this row (row mod P′) is looked up; nonzero only in the table's first period. */
    public static final int MULT = DONE + 1;
    public static final int WIDTH = MULT + 1;

    /** Opcodes that write register d and advance pc by one: add … eqz, the first nine. */
    public static final int WRITING_OPCODES = 9;

    private VmColumns() {
    }

    /** The selector column of an opcode. */
    public static int op(Opcode opcode) {
        return OP + opcode.ordinal();
    }

    /**
     * The packed decoding of an instruction, as the lookup compares it: code + 16·d + 128·a + 1024·b, with code the
     * opcode's byte code (1 … 12). Injective on instructions and never 0, which padding slots of the table hold.
     */
    public static long packed(Instruction instruction) {
        return instruction.opcode().code() + 16L * instruction.d() + 128L * instruction.a()
                + 1024L * instruction.b();
    }
}
