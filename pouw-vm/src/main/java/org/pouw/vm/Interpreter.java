package org.pouw.vm;

import java.util.Arrays;
import java.util.Objects;
import org.pouw.crypto.Goldilocks;

/**
 * Runs programs under a step bound and records the trace (ARCHITECTURE.md §7).
 *
 * <p>Semantics, one step per executed instruction (gas = steps): arithmetic is in the Goldilocks field; a write to a
 * register takes effect for the next instruction; {@code jz}/{@code jmp} set pc to their target, every other
 * instruction advances it by one, except {@code halt}, which leaves pc on itself (so the row after a halt repeats the
 * state, and a prover can pad a trace by repeating the halt step). Before each step the run stops with
 * {@link Outcome#FAULT} if pc is outside the program, then with {@link Outcome#OUT_OF_STEPS} if the bound is used up;
 * a {@code halt} ends it with {@link Outcome#HALTED} after being counted. Nothing depends on the machine, the clock or
 * hash-map order, so the same program, start state and bound give the same trace everywhere.
 */
public final class Interpreter {
    private Interpreter() {
    }

    /**
     * Runs {@code program} from pc = 0 with {@code inputs} in r0, r1, … (the rest 0) for at most {@code maxSteps}
     * steps.
     *
     * @param inputs   up to 8 canonical field elements
     * @param maxSteps the step bound (max_steps of the intent), 0 … {@link Trace#MAX_STEPS}
     * @throws IllegalArgumentException naming "inputs" or "maxSteps" when they are out of range
     */
    public static ExecutionResult run(Program program, long[] inputs, long maxSteps) {
        return runFrom(program, VmState.initial(inputs), maxSteps);
    }

    /**
     * Executes from an arbitrary state for at most {@code maxSteps} steps, stopping early at a halt or fault. Used to
     * re-execute one {@link TraceSegment} of a trace: the result's trace then equals
     * {@code trace.slice(segment.startRow(), segment.steps())}.
     *
     * @throws IllegalArgumentException naming "maxSteps" when it is outside 0 … {@link Trace#MAX_STEPS}
     */
    public static ExecutionResult runFrom(Program program, VmState start, long maxSteps) {
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(start, "start");
        if (maxSteps < 0 || maxSteps > Trace.MAX_STEPS) {
            throw new IllegalArgumentException("maxSteps must be in [0, " + Trace.MAX_STEPS + "], got " + maxSteps);
        }
        Instruction[] code = program.instructions().toArray(new Instruction[0]);
        long[] registers = start.registers();
        int pc = start.pc();
        RowBuffer rows = new RowBuffer((int) maxSteps + 1);
        rows.append(pc, registers);

        int steps = 0;
        Outcome outcome;
        while (true) {
            if (pc >= code.length) {
                outcome = Outcome.FAULT;
                break;
            }
            if (steps == maxSteps) {
                outcome = Outcome.OUT_OF_STEPS;
                break;
            }
            Instruction instruction = code[pc];
            pc = execute(instruction, pc, registers);
            steps++;
            rows.append(pc, registers);
            if (instruction.opcode() == Opcode.HALT) {
                outcome = Outcome.HALTED;
                break;
            }
        }
        return new ExecutionResult(outcome, new Trace(program.hash(), rows.toCells()));
    }

    /** Applies one instruction to {@code registers} in place and returns the next pc. */
    private static int execute(Instruction instruction, int pc, long[] registers) {
        int d = instruction.d();
        long a = registers[instruction.a()];
        long b = registers[instruction.b()];
        long imm = instruction.imm();
        switch (instruction.opcode()) {
            case ADD -> registers[d] = Goldilocks.add(a, b);
            case SUB -> registers[d] = Goldilocks.sub(a, b);
            case MUL -> registers[d] = Goldilocks.mul(a, b);
            case ADDI -> registers[d] = Goldilocks.add(a, imm);
            case MULI -> registers[d] = Goldilocks.mul(a, imm);
            case LI -> registers[d] = imm;
            case MOV -> registers[d] = a;
            case INV -> registers[d] = Goldilocks.inverseOrZero(a);
            case EQZ -> registers[d] = a == 0 ? 1 : 0;
            case JZ -> {
                return a == 0 ? (int) imm : pc + 1;
            }
            case JMP -> {
                return (int) imm;
            }
            case HALT -> {
                return pc;
            }
        }
        return pc + 1;
    }

    /** Trace rows as they are produced, growing by doubling up to the bound so short runs stay small. */
    private static final class RowBuffer {
        private static final int INITIAL_ROWS = 256;

        private final int maxRows;
        private long[] cells;
        private int used;

        RowBuffer(int maxRows) {
            this.maxRows = maxRows;
            this.cells = new long[Math.min(maxRows, INITIAL_ROWS) * VmState.WIDTH];
        }

        void append(int pc, long[] registers) {
            if (used == cells.length) {
                int rows = (int) Math.min(maxRows, 2L * cells.length / VmState.WIDTH);
                cells = Arrays.copyOf(cells, rows * VmState.WIDTH);
            }
            cells[used] = pc;
            System.arraycopy(registers, 0, cells, used + 1, VmState.REGISTERS);
            used += VmState.WIDTH;
        }

        long[] toCells() {
            return used == cells.length ? cells : Arrays.copyOf(cells, used);
        }
    }
}
