package org.pouw.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pouw.crypto.Goldilocks;

class InterpreterTest {
    private static final long P = Goldilocks.P;

    /** Runs one instruction followed by halt with the given inputs and returns the registers at halt. */
    private static long[] afterOne(String instruction, long... inputs) {
        ExecutionResult result = Interpreter.run(Assembler.assemble(instruction + "\nhalt"), inputs, 10);
        assertThat(result.outcome()).isEqualTo(Outcome.HALTED);
        assertThat(result.steps()).isEqualTo(2);
        return result.output();
    }

    @Test
    void arithmeticIsInTheField() {
        assertThat(afterOne("add r2 r0 r1", P - 1, 5)[2]).isEqualTo(4);
        assertThat(afterOne("sub r2 r0 r1", 3, 5)[2]).isEqualTo(P - 2);
        assertThat(afterOne("mul r2 r0 r1", P - 1, P - 1)[2]).isEqualTo(1);
        assertThat(afterOne("addi r1 r0 -1", 0)[1]).isEqualTo(P - 1);
        assertThat(afterOne("muli r1 r0 0x10", 3)[1]).isEqualTo(48);
        assertThat(afterOne("li r7 42")[7]).isEqualTo(42);
        assertThat(afterOne("mov r3 r0", 9)[3]).isEqualTo(9);
    }

    @Test
    void destinationMayAliasSources() {
        assertThat(afterOne("mul r0 r0 r0", 12)[0]).isEqualTo(144);
        assertThat(afterOne("sub r0 r0 r0", 12)[0]).isZero();
    }

    @Test
    void inverseMapsZeroToZero() {
        assertThat(afterOne("inv r1 r0", 2)[1]).isEqualTo((P + 1) >>> 1);
        assertThat(afterOne("inv r1 r0", 0)[1]).isZero();
    }

    @Test
    void eqzIsOneExactlyForZero() {
        assertThat(afterOne("eqz r1 r0", 0)[1]).isEqualTo(1);
        assertThat(afterOne("eqz r1 r0", 7)[1]).isZero();
        assertThat(afterOne("eqz r1 r0", P - 1)[1]).isZero();
    }

    @Test
    void jzJumpsOnlyOnZeroAndJmpAlways() {
        Program program = Assembler.assemble("""
                    jz r0 zero
                    li r1 1
                    jmp end
                zero:
                    li r1 2
                end:
                    halt
                """);
        ExecutionResult nonZero = Interpreter.run(program, new long[] {5}, 100);
        assertThat(nonZero.output()[1]).isEqualTo(1);
        assertThat(nonZero.trace().cell(1, 0)).as("pc after jz not taken").isEqualTo(1);
        assertThat(nonZero.trace().cell(3, 0)).as("pc after jmp").isEqualTo(4);
        ExecutionResult zero = Interpreter.run(program, new long[] {0}, 100);
        assertThat(zero.output()[1]).isEqualTo(2);
        assertThat(zero.trace().cell(1, 0)).as("pc after jz taken").isEqualTo(3);
    }

    @Test
    void inputsGoIntoTheFirstRegistersAndTheRestAreZero() {
        ExecutionResult result = Interpreter.run(Assembler.assemble("halt"), new long[] {1, 2, 3}, 1);
        assertThat(result.trace().initialState()).isEqualTo(new VmState(0, new long[] {1, 2, 3, 0, 0, 0, 0, 0}));
        assertThat(result.output()).containsExactly(1, 2, 3, 0, 0, 0, 0, 0);
    }

    @Test
    void haltCostsAStepAndLeavesPcInPlace() {
        ExecutionResult result = Interpreter.run(Assembler.assemble("li r0 1\nhalt"), new long[0], 5);
        assertThat(result.steps()).isEqualTo(2);
        assertThat(result.trace().rowCount()).isEqualTo(3);
        assertThat(result.finalState()).isEqualTo(result.trace().row(1));
        assertThat(result.finalState().pc()).isEqualTo(1);
    }

    @Test
    void stopsAtTheStepBound() {
        Program loop = Assembler.assemble("top: addi r0 r0 1\njmp top");
        ExecutionResult result = Interpreter.run(loop, new long[0], 7);
        assertThat(result.outcome()).isEqualTo(Outcome.OUT_OF_STEPS);
        assertThat(result.steps()).isEqualTo(7);
        assertThat(result.trace().rowCount()).isEqualTo(8);
        assertThat(result.finalState().register(0)).isEqualTo(4);
        assertThatThrownBy(result::output).isInstanceOf(IllegalStateException.class).hasMessageContaining("OUT_OF_STEPS");
    }

    @Test
    void zeroStepsRecordsOnlyTheStartState() {
        ExecutionResult result = Interpreter.run(Assembler.assemble("halt"), new long[] {4}, 0);
        assertThat(result.outcome()).isEqualTo(Outcome.OUT_OF_STEPS);
        assertThat(result.trace().rowCount()).isEqualTo(1);
    }

    @Test
    void haltNeedsAStepOfBudget() {
        ExecutionResult result = Interpreter.run(Assembler.assemble("li r0 1\nhalt"), new long[0], 1);
        assertThat(result.outcome()).isEqualTo(Outcome.OUT_OF_STEPS);
    }

    @Test
    void fallingOffTheEndIsAFault() {
        ExecutionResult result = Interpreter.run(Assembler.assemble("li r0 1\nli r1 2"), new long[0], 100);
        assertThat(result.outcome()).isEqualTo(Outcome.FAULT);
        assertThat(result.steps()).isEqualTo(2);
        assertThat(result.finalState().pc()).isEqualTo(2);
    }

    @Test
    void jumpingToTheEndIsAFaultEvenWithNoBudgetLeft() {
        ExecutionResult result = Interpreter.run(Assembler.assemble("jmp end\nhalt\nend:"), new long[0], 1);
        assertThat(result.outcome()).isEqualTo(Outcome.FAULT);
        assertThat(result.steps()).isEqualTo(1);
        assertThat(result.finalState().pc()).isEqualTo(2);
    }

    @Test
    void runFromStartsAtAnyStateAndStopsEarlyAtHalt() {
        Program program = Assembler.assemble("li r0 1\nli r1 2\nhalt");
        VmState middle = new VmState(1, new long[] {7, 0, 0, 0, 0, 0, 0, 5});
        ExecutionResult result = Interpreter.runFrom(program, middle, 100);
        assertThat(result.outcome()).isEqualTo(Outcome.HALTED);
        assertThat(result.steps()).isEqualTo(2);
        assertThat(result.output()).containsExactly(7, 2, 0, 0, 0, 0, 0, 5);

        ExecutionResult outside = Interpreter.runFrom(program, new VmState(3, new long[8]), 100);
        assertThat(outside.outcome()).isEqualTo(Outcome.FAULT);
        assertThat(outside.steps()).isZero();
    }

    @Test
    void rejectsBadInputsNamingThem() {
        Program program = Assembler.assemble("halt");
        assertThatThrownBy(() -> Interpreter.run(program, new long[9], 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("inputs: at most 8");
        assertThatThrownBy(() -> Interpreter.run(program, new long[] {1, P}, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("inputs[1]");
        assertThatThrownBy(() -> Interpreter.run(program, new long[] {-1}, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inputs[0]");
    }

    @Test
    void rejectsStepBoundsOutOfRange() {
        Program program = Assembler.assemble("halt");
        assertThatThrownBy(() -> Interpreter.run(program, new long[0], -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("maxSteps");
        assertThatThrownBy(() -> Interpreter.run(program, new long[0], Trace.MAX_STEPS + 1L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("maxSteps");
    }

    @Test
    void theTraceNamesItsProgram() {
        Program program = Assembler.assemble("halt");
        assertThat(Interpreter.run(program, new long[0], 1).trace().programHash()).isEqualTo(program.hash());
    }
}
