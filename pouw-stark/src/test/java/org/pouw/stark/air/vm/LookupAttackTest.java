package org.pouw.stark.air.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.stark.air.vm.Forgery.state;
import static org.pouw.stark.air.vm.Forgery.statement;

import org.junit.jupiter.api.Test;
import org.pouw.stark.ProverProgress;
import org.pouw.stark.StarkVerdict;
import org.pouw.stark.proof.StarkProof;
import org.pouw.stark.prover.StarkProver;
import org.pouw.stark.verifier.ProofVerifier;
import org.pouw.vm.ExecutionResult;
import org.pouw.vm.Instruction;
import org.pouw.vm.Interpreter;
import org.pouw.vm.Program;

/**
 * Attacks on the program binding (issue 22, §4), each with honest Fiat–Shamir: the forger commits its trace,
 * draws α and γ from the transcript like anyone, and proves without the self-checks. Each forged trace satisfies
 * every main constraint (it is an honest run of another program); only the lookup refuses it.
 */
class LookupAttackTest {
    private static final long[] INPUTS = {3, 4};

    /** Runs {@code forger} honestly and claims the run as {@code program}'s. */
    private static StarkVerdict runOfAnotherProgram(Program program, Program forger) {
        ExecutionResult run = Interpreter.run(forger, INPUTS, 100);
        assertThat(run.halted()).isTrue();
        long[][] forged = VmTraceBuilder.build(forger, run);
        VmStatement statement = statement(program, run.trace().initialState(), run.steps(), run.finalState());
        return Forgery.refusedWithHonestFiatShamir(program, statement, forged);
    }

    @Test
    void aRowWhoseOperandsDifferFromTheProgram() {
        StarkVerdict verdict = runOfAnotherProgram(
                Program.of(Instruction.add(2, 0, 1), Instruction.halt()),
                Program.of(Instruction.add(3, 0, 1), Instruction.halt()));
        assertThat(verdict.reason()).isNotEqualTo(StarkVerdict.Reason.VALID);
    }

    @Test
    void aRowWhoseImmediateDiffersFromTheProgram() {
        runOfAnotherProgram(Program.of(Instruction.addi(2, 0, 7), Instruction.halt()),
                Program.of(Instruction.addi(2, 0, 8), Instruction.halt()));
    }

    @Test
    void aRowWhoseOpcodeDiffersFromTheProgram() {
        runOfAnotherProgram(Program.of(Instruction.add(2, 0, 1), Instruction.halt()),
                Program.of(Instruction.mul(2, 0, 1), Instruction.halt()));
    }

    /** The program's jump to its own end faults; the forger executes a halt placed there (table slot 2: padding). */
    @Test
    void aPcOutsideTheProgram() {
        runOfAnotherProgram(Program.of(Instruction.li(1, 1), Instruction.jmp(2)),
                Program.of(Instruction.li(1, 1), Instruction.jmp(2), Instruction.halt()));
    }

    /**
     * The forger proves its run of program A with A's table, but names program B's hash in the public inputs (a
     * prover-built AIR): the verifier, which builds the table from B, refuses it; and under A's own statement
     * the public inputs differ.
     */
    @Test
    void programATableUnderProgramBPublicInputs() {
        Program a = Program.of(Instruction.mul(2, 0, 1), Instruction.halt());
        Program b = Program.of(Instruction.add(2, 0, 1), Instruction.halt());
        ExecutionResult run = Interpreter.run(a, INPUTS, 10);
        VmStatement claimedForB = statement(b, run.trace().initialState(), run.steps(), run.finalState());
        VmAir forgersAir = new VmAir(claimedForB, ProgramTable.of(a)) {
        };
        StarkProof proof = StarkProver.prove(forgersAir, VmTraceBuilder.build(a, run), Forgery.OPTIONS,
                ProverProgress.NONE);
        assertThat(ProofVerifier.verify(forgersAir, proof, 96, null).valid()).isTrue();
        assertThat(Forgery.verify(proof, b, claimedForB).valid()).isFalse();
        VmStatement forA = statement(a, run.trace().initialState(), run.steps(), run.finalState());
        assertThat(Forgery.verify(proof, a, forA).reason()).isEqualTo(StarkVerdict.Reason.STATEMENT_MISMATCH);
    }

    /** The same program and run, but the verifier is handed another program for the statement's hash. */
    @Test
    void aProgramWhoseHashIsNotTheStatementsIsRefusedBeforeAnyProofCheck() {
        Program a = Program.of(Instruction.mul(2, 0, 1), Instruction.halt());
        Program b = Program.of(Instruction.add(2, 0, 1), Instruction.halt());
        ExecutionResult run = Interpreter.run(a, INPUTS, 10);
        VmStatement forA = statement(a, run.trace().initialState(), run.steps(), run.finalState());
        StarkProof proof = StarkProver.prove(new VmAir(a, forA), VmTraceBuilder.build(a, run), Forgery.OPTIONS,
                ProverProgress.NONE);
        assertThat(Forgery.verify(proof, a, forA).valid()).isTrue();
        StarkVerdict verdict = Forgery.verify(proof, b, forA);
        assertThat(verdict.reason()).isEqualTo(StarkVerdict.Reason.STATEMENT_MISMATCH);
        assertThat(verdict.detail()).contains("program");
    }

    /** Moving a multiplicity to another repeat of the same slot keeps the sum; the table is periodic. */
    @Test
    void multiplicitiesInALaterPeriodStillBalance() {
        Program program = Program.of(Instruction.li(1, 1), Instruction.halt());
        long[][] honest = VmTraceBuilder.build(program, Interpreter.run(program, new long[0], 10));
        assertThat(honest[0]).hasSize(8);
        honest[VmColumns.MULT][0] = 0;
        honest[VmColumns.MULT][4] = 1;
        VmStatement statement = statement(program, state(0), 2, state(1, 0, 1));
        StarkProof proof = StarkProver.prove(new VmAir(program, statement), honest, Forgery.OPTIONS,
                ProverProgress.NONE);
        assertThat(Forgery.verify(proof, program, statement).valid()).isTrue();
    }
}
