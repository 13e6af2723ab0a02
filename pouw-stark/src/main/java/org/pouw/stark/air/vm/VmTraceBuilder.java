package org.pouw.stark.air.vm;

import static org.pouw.stark.air.vm.VmColumns.A;
import static org.pouw.stark.air.vm.VmColumns.B;
import static org.pouw.stark.air.vm.VmColumns.D;
import static org.pouw.stark.air.vm.VmColumns.DONE;
import static org.pouw.stark.air.vm.VmColumns.IMM;
import static org.pouw.stark.air.vm.VmColumns.MULT;
import static org.pouw.stark.air.vm.VmColumns.OUT;
import static org.pouw.stark.air.vm.VmColumns.PAD;
import static org.pouw.stark.air.vm.VmColumns.PC;
import static org.pouw.stark.air.vm.VmColumns.REG;
import static org.pouw.stark.air.vm.VmColumns.VA;
import static org.pouw.stark.air.vm.VmColumns.VB;
import static org.pouw.stark.air.vm.VmColumns.W;
import static org.pouw.stark.air.vm.VmColumns.ZF;

import org.pouw.crypto.Goldilocks;
import org.pouw.vm.ExecutionResult;
import org.pouw.vm.Instruction;
import org.pouw.vm.Opcode;
import org.pouw.vm.Outcome;
import org.pouw.vm.Program;
import org.pouw.vm.Trace;
import org.pouw.vm.VmState;

/**
 * Fills the VM AIR's main trace from a halted run of the interpreter: the interpreter decides what happens, this
 * only writes it down, one row per step, then pad rows (which keep the halt's end state) up to the trace length.
 */
public final class VmTraceBuilder {
    private VmTraceBuilder() {
    }

    /**
     * @param program the program that ran
     * @param run     its run from the statement's start state; must have halted
     * @return the main trace, column-major, {@link VmAir#traceLength} rows
     * @throws IllegalArgumentException when the run did not halt (only HALTED runs are provable)
     */
    public static long[][] build(Program program, ExecutionResult run) {
        if (run.outcome() != Outcome.HALTED) {
            throw new IllegalArgumentException("only a halted run can be proven; this one ended with "
                    + run.outcome());
        }
        Trace states = run.trace();
        return fill(program, states, VmAir.traceLength(states.steps(), ProgramTable.period(program.size())));
    }

    /**
     * The trace of a non-final segment: {@code states} has 2^j − 1 steps and no halt among them; its last state
     * (the segment's end) is the trace's last row.
     *
     * @throws IllegalArgumentException when the segment's length is not 2^j − 1 (at least the table's period) or a
     *                                  halt executes in it
     */
    public static long[][] buildSegment(Program program, Trace states) {
        int steps = states.steps();
        for (int row = 0; row < steps; row++) {
            int pc = states.row(row).pc();
            if (pc >= program.size() || program.instruction(pc).opcode() == Opcode.HALT) {
                throw new IllegalArgumentException("a segment without a halt cannot execute step " + row + " at pc "
                        + pc);
            }
        }
        int period = ProgramTable.period(program.size());
        if (Integer.bitCount(steps + 1) != 1 || steps + 1 < Math.max(period, 8)) {
            throw new IllegalArgumentException("a segment without a halt has 2^j - 1 steps (at least "
                    + (Math.max(period, 8) - 1) + "), got " + steps);
        }
        long[][] trace = fill(program, states, steps + 1);
        trace[DONE][steps] = 0;
        return trace;
    }

    private static long[][] fill(Program program, Trace states, int n) {
        int steps = states.steps();
        long[][] trace = new long[VmColumns.WIDTH][n];
        for (int row = 0; row < n; row++) {
            VmState state = states.row(Math.min(row, steps));
            trace[PC][row] = state.pc();
            for (int j = 0; j < VmState.REGISTERS; j++) {
                trace[REG + j][row] = state.register(j);
            }
            if (row < steps) {
                Instruction instruction = program.instruction(state.pc());
                decode(trace, row, instruction, state);
                trace[MULT][state.pc()] = Goldilocks.add(trace[MULT][state.pc()], 1);
            } else {
                decodePad(trace, row, state);
            }
        }
        return trace;
    }

    static void decode(long[][] trace, int row, Instruction instruction, VmState state) {
        trace[VmColumns.op(instruction.opcode())][row] = 1;
        trace[D + instruction.d()][row] = 1;
        trace[A + instruction.a()][row] = 1;
        trace[B + instruction.b()][row] = 1;
        trace[IMM][row] = instruction.imm();
        long va = state.register(instruction.a());
        long vb = state.register(instruction.b());
        operands(trace, row, va, vb);
        trace[OUT][row] = written(instruction, va, vb);
    }

    static void decodePad(long[][] trace, int row, VmState state) {
        trace[PAD][row] = 1;
        trace[D][row] = 1;
        trace[A][row] = 1;
        trace[B][row] = 1;
        operands(trace, row, state.register(0), state.register(0));
        trace[DONE][row] = 1;
    }

    private static void operands(long[][] trace, int row, long va, long vb) {
        trace[VA][row] = va;
        trace[VB][row] = vb;
        trace[W][row] = Goldilocks.inverseOrZero(va);
        trace[ZF][row] = va == 0 ? 1 : 0;
    }

    /** What a writing opcode puts into register d; 0 for the others (the constraint computes 0 for them). */
    private static long written(Instruction instruction, long va, long vb) {
        long imm = instruction.imm();
        return switch (instruction.opcode()) {
            case ADD -> Goldilocks.add(va, vb);
            case SUB -> Goldilocks.sub(va, vb);
            case MUL -> Goldilocks.mul(va, vb);
            case ADDI -> Goldilocks.add(va, imm);
            case MULI -> Goldilocks.mul(va, imm);
            case LI -> imm;
            case MOV -> va;
            case INV -> Goldilocks.inverseOrZero(va);
            case EQZ -> va == 0 ? 1 : 0;
            case JZ, JMP, HALT -> 0;
        };
    }
}
