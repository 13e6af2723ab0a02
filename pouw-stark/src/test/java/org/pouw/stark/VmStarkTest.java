package org.pouw.stark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pouw.stark.air.hashchain.JobBinding;
import org.pouw.stark.air.vm.VmStatement;
import org.pouw.vm.ExecutionResult;
import org.pouw.vm.Instruction;
import org.pouw.vm.Interpreter;
import org.pouw.vm.Program;
import org.pouw.vm.Samples;
import org.pouw.vm.VmState;

/** Honest VM proofs end to end, through the encoded bytes: each sample verifies for its job, prover and program. */
class VmStarkTest {
    private static final Program FIBONACCI = Samples.program("fibonacci");
    private static final long[] INPUTS = {12};
    private static final ExecutionResult RUN = Interpreter.run(FIBONACCI, INPUTS, 10_000);
    private static final byte[] PROOF = VmStark.prove(FIBONACCI, INPUTS, 10_000, FixedBinding.BINDING,
            VmStark.OPTIONS_96, ProverProgress.NONE);

    static VmStatement statement(Program program, long[] inputs, ExecutionResult run, JobBinding binding) {
        return new VmStatement(program.hash(), VmState.initial(inputs).registers(), run.steps(), run.finalState(),
                binding);
    }

    @Test
    void anHonestProofOfEachSampleVerifies() {
        assertThat(VmStark.verify(PROOF, FIBONACCI, statement(FIBONACCI, INPUTS, RUN, FixedBinding.BINDING)))
                .satisfies(v -> assertThat(v.valid()).as(v.toString()).isTrue());
        for (String name : new String[] {"power", "harmonic"}) {
            Program program = Samples.program(name);
            long[] inputs = {3, 5};
            ExecutionResult run = Interpreter.run(program, inputs, 10_000);
            byte[] proof = VmStark.prove(program, inputs, 10_000, FixedBinding.BINDING, VmStark.OPTIONS_96,
                    ProverProgress.NONE);
            StarkVerdict verdict = VmStark.verify(proof, program, statement(program, inputs, run,
                    FixedBinding.BINDING));
            assertThat(verdict.valid()).as(name + ": " + verdict).isTrue();
        }
    }

    @Test
    void aProgramOfAPowerOfTwoInstructionsWhoseLastInstructionIsTheHaltIsProvable() {
        // 8 instructions: P' = 16, and the halt at pc 7 must find its slot in the table
        Program program = Program.of(Instruction.li(1, 2), Instruction.addi(2, 0, 1), Instruction.mul(3, 1, 2),
                Instruction.jz(7, 5), Instruction.li(4, 9), Instruction.inv(5, 3), Instruction.eqz(6, 6),
                Instruction.halt());
        long[] inputs = {41};
        ExecutionResult run = Interpreter.run(program, inputs, 100);
        assertThat(run.halted()).isTrue();
        byte[] proof = VmStark.prove(program, inputs, 100, FixedBinding.BINDING, VmStark.OPTIONS_96,
                ProverProgress.NONE);
        assertThat(VmStark.verify(proof, program, statement(program, inputs, run, FixedBinding.BINDING)).valid())
                .isTrue();
    }

    @Test
    void aRunThatDoesNotHaltIsNotProvable() {
        assertThatThrownBy(() -> VmStark.prove(FIBONACCI, INPUTS, 5, FixedBinding.BINDING, VmStark.OPTIONS_96,
                ProverProgress.NONE)).hasMessageContaining("OUT_OF_STEPS");
        Program fallsOff = Program.of(Instruction.li(0, 1));
        assertThatThrownBy(() -> VmStark.prove(fallsOff, new long[0], 5, FixedBinding.BINDING, VmStark.OPTIONS_96,
                ProverProgress.NONE)).hasMessageContaining("FAULT");
    }

    private static final String OTHER_JOB = "ffeeddccbbaa99887766554433221100";
    private static final String THIEF = "did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG";

    @Test
    void aProofReplayedForASecondJobWithTheSameRunIsRefused() {
        StarkVerdict verdict = VmStark.verify(PROOF, FIBONACCI, statement(FIBONACCI, INPUTS, RUN,
                JobBinding.of(OTHER_JOB, FixedBinding.PROVER)));
        assertThat(verdict.reason()).isEqualTo(StarkVerdict.Reason.STATEMENT_MISMATCH);
        assertThat(verdict.detail()).contains("another job");
    }

    @Test
    void aProofStolenByAnotherProverForTheSameJobIsRefused() {
        StarkVerdict verdict = VmStark.verify(PROOF, FIBONACCI, statement(FIBONACCI, INPUTS, RUN,
                JobBinding.of(FixedBinding.JOB_ID, THIEF)));
        assertThat(verdict.reason()).isEqualTo(StarkVerdict.Reason.STATEMENT_MISMATCH);
        assertThat(verdict.detail()).contains("another prover");
    }

    @Test
    void aStatementTheNodeDidNotRecordIsRefused() {
        VmStatement honest = statement(FIBONACCI, INPUTS, RUN, FixedBinding.BINDING);
        long[] otherEnd = RUN.finalState().registers();
        otherEnd[1] = otherEnd[1] + 1;
        for (VmStatement other : new VmStatement[] {
                new VmStatement(honest.programHash(), honest.start().registers(), honest.steps() + 1, honest.end(),
                        FixedBinding.BINDING),
                new VmStatement(honest.programHash(), honest.start().registers(), honest.steps(),
                        new VmState(honest.end().pc(), otherEnd), FixedBinding.BINDING),
                new VmStatement(honest.programHash(), VmState.initial(new long[] {13}).registers(), honest.steps(),
                        honest.end(), FixedBinding.BINDING)}) {
            assertThat(VmStark.verify(PROOF, FIBONACCI, other).reason())
                    .isEqualTo(StarkVerdict.Reason.STATEMENT_MISMATCH);
        }
    }

    @Test
    void sampledByteChangesAreRefusedWithoutAnException() {
        VmStatement statement = statement(FIBONACCI, INPUTS, RUN, FixedBinding.BINDING);
        java.util.Random random = new java.util.Random(22);
        for (int trial = 0; trial < 60; trial++) {
            byte[] mutated = PROOF.clone();
            mutated[random.nextInt(mutated.length)] ^= (byte) (1 + random.nextInt(255));
            StarkVerdict verdict = VmStark.verify(mutated, FIBONACCI, statement);
            assertThat(verdict.valid()).isFalse();
            assertThat(verdict.reason()).isNotEqualTo(StarkVerdict.Reason.INTERNAL_ERROR);
        }
        assertThat(VmStark.verify(java.util.Arrays.copyOf(PROOF, PROOF.length - 1), FIBONACCI, statement).reason())
                .isEqualTo(StarkVerdict.Reason.MALFORMED);
    }

    @Test
    void theStatementRoundTripsAndStaysUnderThePublicInputCap() {
        VmStatement statement = statement(FIBONACCI, INPUTS, RUN, FixedBinding.BINDING);
        assertThat(statement.encode()).hasSize(VmStatement.ENCODED_LENGTH).hasSizeLessThanOrEqualTo(
                org.pouw.stark.proof.StarkProofCodec.MAX_PUBLIC_INPUT_LENGTH);
        assertThat(VmStatement.decode(statement.encode())).isEqualTo(statement);
        byte[] bad = statement.encode();
        bad[0] = 9;
        assertThatThrownBy(() -> VmStatement.decode(bad)).hasMessageContaining("version 9");
    }
}
