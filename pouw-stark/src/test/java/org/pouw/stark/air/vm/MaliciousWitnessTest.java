package org.pouw.stark.air.vm;

import static org.pouw.stark.air.vm.Forgery.opcodes;
import static org.pouw.stark.air.vm.Forgery.refusedOnlyBy;
import static org.pouw.stark.air.vm.Forgery.state;
import static org.pouw.stark.air.vm.Forgery.statement;
import static org.pouw.stark.air.vm.Forgery.trace;

import org.junit.jupiter.api.Test;
import org.pouw.crypto.Goldilocks;
import org.pouw.stark.air.vm.VmAir.Constraint;
import org.pouw.vm.ExecutionResult;
import org.pouw.vm.Instruction;
import org.pouw.vm.Interpreter;
import org.pouw.vm.Opcode;
import org.pouw.vm.Program;
import org.pouw.vm.VmState;

/**
 * One malicious witness per constraint of the VM AIR (issue 22, §4): each forged trace is refused by the real
 * verifier (also when proven without the prover's self-checks), and proves and verifies under the AIR with only
 * that constraint removed, so each test really exercises its constraint.
 */
class MaliciousWitnessTest {
    private static final int ROW0 = 0;

    private static WeakenedVmAir without(Program program, VmStatement statement, Constraint constraint, int offset) {
        return WeakenedVmAir.withoutTransitions(program, statement, constraint.first() + offset);
    }

    @Test
    void invOfFiveClaimedZero() {
        Program program = Program.of(Instruction.li(1, 5), Instruction.inv(2, 1), Instruction.halt());
        VmState end = state(2, 0, 5, 0);
        long[][] forged = trace(program, state(0), state(1, 0, 5), state(2, 0, 5, 0), end);
        forged[VmColumns.W][1] = 0;
        forged[VmColumns.ZF][1] = 1;
        forged[VmColumns.OUT][1] = 0;
        VmStatement statement = statement(program, state(0), 3, end);
        refusedOnlyBy(without(program, statement, Constraint.IS_ZERO_FLAG, 0), program, statement, forged);
    }

    @Test
    void invOfZeroClaimedSeven() {
        Program program = Program.of(Instruction.inv(2, 1), Instruction.halt());
        VmState end = state(1, 0, 0, 7);
        long[][] forged = trace(program, state(0), end, end);
        forged[VmColumns.ZF][ROW0] = 0;
        forged[VmColumns.W][ROW0] = 7;
        forged[VmColumns.OUT][ROW0] = 7;
        VmStatement statement = statement(program, state(0), 2, end);
        refusedOnlyBy(without(program, statement, Constraint.IS_ZERO_WITNESS, 0), program, statement, forged);
    }

    @Test
    void eqzOfZeroClaimedZero() {
        Program program = Program.of(Instruction.eqz(2, 1), Instruction.halt());
        VmState end = state(1);
        long[][] forged = trace(program, state(0), end, end);
        forged[VmColumns.ZF][ROW0] = 0;
        forged[VmColumns.OUT][ROW0] = 0;
        VmStatement statement = statement(program, state(0), 2, end);
        refusedOnlyBy(without(program, statement, Constraint.IS_ZERO_WITNESS, 0), program, statement, forged);
    }

    @Test
    void eqzOfFiveClaimedOne() {
        Program program = Program.of(Instruction.eqz(2, 1), Instruction.halt());
        VmState start = state(0, 0, 5);
        VmState end = state(1, 0, 5, 1);
        long[][] forged = trace(program, start, end, end);
        forged[VmColumns.ZF][ROW0] = 1;
        forged[VmColumns.W][ROW0] = 0;
        forged[VmColumns.OUT][ROW0] = 1;
        VmStatement statement = statement(program, start, 2, end);
        refusedOnlyBy(without(program, statement, Constraint.IS_ZERO_FLAG, 0), program, statement, forged);
    }

    @Test
    void jzTakenOnNonZero() {
        Program program = Program.of(Instruction.jz(1, 2), Instruction.li(2, 1), Instruction.halt());
        VmState start = state(0, 0, 5);
        VmState end = state(2, 0, 5);
        long[][] forged = trace(program, start, end, end);
        forged[VmColumns.ZF][ROW0] = 1;
        forged[VmColumns.W][ROW0] = 0;
        VmStatement statement = statement(program, start, 2, end);
        refusedOnlyBy(without(program, statement, Constraint.IS_ZERO_FLAG, 0), program, statement, forged);
    }

    @Test
    void jzNotTakenOnZero() {
        Program program = Program.of(Instruction.jz(1, 2), Instruction.li(2, 1), Instruction.halt());
        VmState end = state(2, 0, 0, 1);
        long[][] forged = trace(program, state(0), state(1), end, end);
        forged[VmColumns.ZF][ROW0] = 0;
        VmStatement statement = statement(program, state(0), 3, end);
        refusedOnlyBy(without(program, statement, Constraint.IS_ZERO_WITNESS, 0), program, statement, forged);
    }

    /** add + sub selected together pack to mul's code (1 + 2 = 3) and compute 2·va; W = 2 moves pc by 2(pc + 1). */
    @Test
    void mulDecodedAsAddPlusSub() {
        Program program = Program.of(Instruction.mul(2, 0, 1), Instruction.halt(), Instruction.halt());
        VmState start = state(0, 3, 4);
        VmState end = state(2, 3, 4, 12);
        long[][] forged = trace(program, start, end, end);
        opcodes(forged, ROW0, Opcode.ADD, Opcode.SUB);
        forged[VmColumns.OUT][ROW0] = 6;
        VmStatement statement = statement(program, start, 2, end);
        refusedOnlyBy(without(program, statement, Constraint.ONE_OPCODE, 0), program, statement, forged);
    }

    /**
     * Selectors that are not bits: add = −1 and sub = 2 sum to 1 and pack to 3, mul's code, computing va − 3·vb
     * with W = 1. Only the booleanity of those two selectors refuses it (both fail, so both are removed).
     */
    @Test
    void mulDecodedAsMinusAddPlusTwoSub() {
        Program program = Program.of(Instruction.mul(2, 0, 1), Instruction.halt());
        VmState start = state(0, 10, 3);
        VmState end = state(1, 10, 3, 1);
        long[][] forged = trace(program, start, end, end);
        opcodes(forged, ROW0);
        forged[VmColumns.op(Opcode.ADD)][ROW0] = Goldilocks.P - 1;
        forged[VmColumns.op(Opcode.SUB)][ROW0] = 2;
        forged[VmColumns.OUT][ROW0] = 1;
        VmStatement statement = statement(program, start, 2, end);
        int first = Constraint.SELECTOR_BOOLEAN.first();
        refusedOnlyBy(WeakenedVmAir.withoutTransitions(program, statement, first + Opcode.ADD.ordinal(),
                first + Opcode.SUB.ordinal()), program, statement, forged);
    }

    /**
     * No opcode selected: packed is 0, so the row matches the padding slot (4, 0, 0) of a 4-instruction program,
     * writes nothing and sends pc to 0. Only the exactly-one sum refuses it.
     */
    @Test
    void noOpcodeSelectedMatchesAPaddingSlot() {
        Program program = Program.of(Instruction.jz(1, 2), Instruction.halt(), Instruction.li(1, 1),
                Instruction.jmp(4));
        Program forger = Program.of(Instruction.jz(1, 2), Instruction.halt(), Instruction.li(1, 1),
                Instruction.jmp(4), Instruction.halt());
        VmState end = state(1, 0, 1);
        long[][] forged = trace(forger, state(0), state(2), state(3, 0, 1), state(4, 0, 1), state(0, 0, 1),
                end, end);
        opcodes(forged, 3);
        VmStatement statement = statement(program, state(0), 6, end);
        refusedOnlyBy(without(program, statement, Constraint.ONE_OPCODE, 0), program, statement, forged);
    }

    /** d1 + d2 selected pack to d = 3 (16 + 32 = 48): "li r3 5" written into r1 and r2. */
    @Test
    void twoRegistersWritten() {
        Program program = Program.of(Instruction.li(3, 5), Instruction.halt());
        VmState end = state(1, 0, 5, 5);
        long[][] forged = trace(program, state(0), end, end);
        forged[VmColumns.D + 3][ROW0] = 0;
        forged[VmColumns.D + 1][ROW0] = 1;
        forged[VmColumns.D + 2][ROW0] = 1;
        VmStatement statement = statement(program, state(0), 2, end);
        refusedOnlyBy(without(program, statement, Constraint.ONE_REGISTER, 0), program, statement, forged);
    }

    @Test
    void aWriteOnJz() {
        Program program = Program.of(Instruction.jz(0, 2), Instruction.halt(), Instruction.halt());
        VmState start = state(0, 1);
        VmState end = state(1, 1, 0, 0, 0, 0, 9);
        long[][] forged = trace(program, start, end, end);
        VmStatement statement = statement(program, start, 2, end);
        refusedOnlyBy(without(program, statement, Constraint.REGISTER_UPDATE, 5), program, statement, forged);
    }

    @Test
    void aHaltChangingARegister() {
        Program program = Program.of(Instruction.li(1, 2), Instruction.halt());
        VmState end = state(1, 0, 2, 0, 0, 99);
        long[][] forged = trace(program, state(0), state(1, 0, 2), end);
        VmStatement statement = statement(program, state(0), 2, end);
        refusedOnlyBy(without(program, statement, Constraint.REGISTER_UPDATE, 4), program, statement, forged);
    }

    @Test
    void pcPlusTwo() {
        Program program = Program.of(Instruction.addi(0, 0, 1), Instruction.halt(), Instruction.halt());
        VmState end = state(2, 1);
        long[][] forged = trace(program, state(0), end, end);
        VmStatement statement = statement(program, state(0), 2, end);
        refusedOnlyBy(without(program, statement, Constraint.PC_UPDATE, 0), program, statement, forged);
    }

    /** A pad row before the halt: it keeps the state and is not looked up, inflating the step count (the gas). */
    @Test
    void anEarlyPad() {
        Program program = Program.of(Instruction.addi(0, 0, 1), Instruction.halt());
        VmState end = state(1, 1);
        long[][] forged = trace(program, state(0), state(0), end, end);
        opcodes(forged, ROW0);
        forged[VmColumns.PAD][ROW0] = 1;
        forged[VmColumns.IMM][ROW0] = 0;
        forged[VmColumns.OUT][ROW0] = 0;
        forged[VmColumns.MULT][0] = 1;
        VmStatement statement = statement(program, state(0), 3, end);
        refusedOnlyBy(without(program, statement, Constraint.PAD_IS_DONE, 0), program, statement, forged);
    }

    @Test
    void aHaltThatDoesNotSetDone() {
        Program program = Program.of(Instruction.li(1, 2), Instruction.halt(), Instruction.halt());
        // the halt at pc 1 runs twice (rows 1 and 2), done staying 0 after the first: one step of gas too many
        VmState end = state(1, 0, 2);
        long[][] forged = trace(program, state(0), state(1, 0, 2), end, end);
        VmStatement statement = statement(program, state(0), 3, end);
        refusedOnlyBy(without(program, statement, Constraint.DONE_UPDATE, 0), program, statement, forged);
    }

    @Test
    void startRegisterR3NotZero() {
        Program program = Program.of(Instruction.add(1, 3, 0), Instruction.halt());
        ExecutionResult run = Interpreter.runFrom(program, state(0, 0, 0, 0, 5), 10);
        long[][] forged = VmTraceBuilder.build(program, run);
        VmStatement statement = statement(program, state(0), run.steps(), run.finalState());
        refusedOnlyBy(WeakenedVmAir.withoutAssertion(program, statement, VmColumns.REG + 3, 0), program, statement,
                forged);
    }

    private static final Program THREE_LOADS = Program.of(Instruction.li(1, 1), Instruction.li(2, 2),
            Instruction.li(3, 3), Instruction.halt());
    private static final ExecutionResult THREE_LOADS_RUN = Interpreter.run(THREE_LOADS, new long[0], 10);

    /** The output claimed at row 2, after two loads: not the end of the run. */
    @Test
    void theOutputReadAtANonHaltRow() {
        long[][] honest = VmTraceBuilder.build(THREE_LOADS, THREE_LOADS_RUN);
        VmStatement statement = statement(THREE_LOADS, state(0), 2, THREE_LOADS_RUN.trace().row(2));
        refusedOnlyBy(WeakenedVmAir.withoutAssertion(THREE_LOADS, statement, VmColumns.DONE, 2), THREE_LOADS,
                statement, honest);
    }

    /** T − 1: the state before the halt equals the state after it, so only "done at row T" tells them apart. */
    @Test
    void oneStepTooFew() {
        long[][] honest = VmTraceBuilder.build(THREE_LOADS, THREE_LOADS_RUN);
        VmStatement statement = statement(THREE_LOADS, state(0), 3, THREE_LOADS_RUN.finalState());
        refusedOnlyBy(WeakenedVmAir.withoutAssertion(THREE_LOADS, statement, VmColumns.DONE, 3), THREE_LOADS,
                statement, honest);
    }

    /** T + 1: a pad row repeats the end state, so only "done is 0 at row T" refuses the extra step (and its gas). */
    @Test
    void oneStepTooMany() {
        long[][] honest = VmTraceBuilder.build(THREE_LOADS, THREE_LOADS_RUN);
        VmStatement statement = statement(THREE_LOADS, state(0), 5, THREE_LOADS_RUN.finalState());
        refusedOnlyBy(WeakenedVmAir.withoutAssertion(THREE_LOADS, statement, VmColumns.DONE, 4), THREE_LOADS,
                statement, honest);
    }

    /**
     * The trace runs "li r1 6" where the program says "li r1 5"; a running sum shifted to end at 0 must start at
     * a nonzero value, which only the start assertion refuses.
     */
    @Test
    void aRunningSumThatStartsNonZero() {
        Program program = Program.of(Instruction.li(1, 5), Instruction.halt());
        Program forger = Program.of(Instruction.li(1, 6), Instruction.halt());
        ExecutionResult run = Interpreter.run(forger, new long[0], 10);
        long[][] forged = VmTraceBuilder.build(forger, run);
        VmStatement statement = statement(program, state(0), run.steps(), run.finalState());
        refusedOnlyBy(WeakenedVmAir.withoutRunningSumStart(program, statement), program, statement, forged);
    }

    /** A "non-final" segment of 7 steps whose run halts at step 1 and pads: only "done is 0 on the last row" refuses. */
    @Test
    void aNonFinalSegmentWithAHalt() {
        Program program = Program.of(Instruction.li(1, 1), Instruction.halt());
        ExecutionResult run = Interpreter.run(program, new long[0], 10);
        long[][] forged = VmTraceBuilder.build(program, run);
        VmStatement statement = new VmStatement(program.hash(), 0, state(0), 7, false, run.finalState(),
                org.pouw.stark.FixedBinding.BINDING);
        refusedOnlyBy(WeakenedVmAir.withoutAssertion(program, statement, VmColumns.DONE, 7), program, statement,
                forged);
    }

    /** A "final" segment of 7 steps of a loop that never halts: only "done is 1 after step T" refuses it. */
    @Test
    void aFinalSegmentWithoutAHalt() {
        Program program = Program.of(Instruction.addi(1, 1, 1), Instruction.jmp(0));
        ExecutionResult run = Interpreter.run(program, new long[0], 7);
        long[][] forged = VmTraceBuilder.buildSegment(program, run.trace());
        VmStatement statement = statement(program, state(0), 7, run.finalState());
        refusedOnlyBy(WeakenedVmAir.withoutAssertion(program, statement, VmColumns.DONE, 7), program, statement,
                forged);
    }
}
