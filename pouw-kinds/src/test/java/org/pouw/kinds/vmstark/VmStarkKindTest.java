package org.pouw.kinds.vmstark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.id.Did;
import org.pouw.core.job.Tier;
import org.pouw.core.market.PlannedJob;
import org.pouw.core.work.ChallengeChannel;
import org.pouw.core.work.ProgressListener;
import org.pouw.core.work.Verdict;
import org.pouw.core.work.WorkFailedException;
import org.pouw.core.work.WorkItem;
import org.pouw.kinds.MapBlobs;
import org.pouw.kinds.reexec.ProgramExecution;
import org.pouw.stark.VmStark;
import org.pouw.vm.Instruction;
import org.pouw.vm.Program;
import org.pouw.vm.Samples;

/**
 * Program intents on a {@code zk_mode = "stark"} node: planned as one {@code vm-stark} job, proven with the VM AIR by
 * the leaseholder, verified against the statement the node builds from its own records.
 */
class VmStarkKindTest {
    static final String JOB = "0123456789abcdef0123456789abcdef";
    static final String SECOND_JOB = "fedcba9876543210fedcba9876543210";
    static final Did HONEST = Did.of("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK");
    static final Did THIEF = Did.of("did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG");

    final MapBlobs blobs = new MapBlobs();
    final VmStarkKind kind = new VmStarkKind();

    PlannedJob plan(String sample, long... inputs) {
        ProgramExecution.Executed executed = new ProgramExecution(blobs).executeForStark(Samples.source(sample),
                inputs, 10_000, Tier.MACRO, 1024);
        assertThat(executed.jobs()).singleElement().satisfies(job -> assertThat(job.kind()).isEqualTo("vm-stark"));
        return executed.jobs().getFirst();
    }

    WorkItem item(String jobId, PlannedJob job, Did prover) {
        return new WorkItem(jobId, job.kind(), Tier.MACRO, job.traceHash().hex(), job.traceRef(), job.params(),
                key -> blobs.get(key).orElseThrow(() -> new WorkFailedException("no blob " + key)))
                .forProver(prover);
    }

    @Test
    void anHonestProofOfEachSampleIsAccepted() {
        for (String sample : Samples.NAMES) {
            WorkItem item = item(JOB, plan(sample, 9, 2), HONEST);
            byte[] proof = kind.prove(item, ProgressListener.NONE, ChallengeChannel.NONE);
            assertThat(kind.verify(item, proof)).as(sample).isEqualTo(Verdict.ok());
        }
    }

    @Test
    void aProofStolenByAnotherProverForTheSameJobIsRefused() {
        PlannedJob job = plan("fibonacci", 10);
        byte[] proof = kind.prove(item(JOB, job, HONEST), ProgressListener.NONE, ChallengeChannel.NONE);
        Verdict verdict = kind.verify(item(JOB, job, THIEF), proof);
        assertThat(verdict.reason()).isEqualTo(Verdict.Reason.MISMATCH);
        assertThat(verdict.detail()).contains("another prover");
    }

    /** A second intent with the same program and inputs makes a second job with the same run. */
    @Test
    void aProofReplayedForASecondJobWithTheSameRunIsRefused() {
        byte[] proof = kind.prove(item(JOB, plan("fibonacci", 10), HONEST), ProgressListener.NONE,
                ChallengeChannel.NONE);
        Verdict verdict = kind.verify(item(SECOND_JOB, plan("fibonacci", 10), HONEST), proof);
        assertThat(verdict.reason()).isEqualTo(Verdict.Reason.MISMATCH);
        assertThat(verdict.detail()).contains("another job");
    }

    @Test
    void aProofOfAnotherRunIsRefused() {
        byte[] proof = kind.prove(item(JOB, plan("fibonacci", 10), HONEST), ProgressListener.NONE,
                ChallengeChannel.NONE);
        Verdict verdict = kind.verify(item(JOB, plan("fibonacci", 11), HONEST), proof);
        assertThat(verdict.accepted()).isFalse();
        assertThat(verdict.reason()).isEqualTo(Verdict.Reason.MISMATCH);
    }

    @Test
    void aChangedProofIsRefused() {
        WorkItem item = item(JOB, plan("power", 3, 4), HONEST);
        byte[] proof = kind.prove(item, ProgressListener.NONE, ChallengeChannel.NONE);
        proof[proof.length / 2] ^= 1;
        assertThat(kind.verify(item, proof).accepted()).isFalse();
    }

    /** The program is only ever taken from the blob its hash names, and checked against that hash. */
    @Test
    void aProgramBlobThatIsNotTheProgramItsRefNamesIsRefused() {
        PlannedJob job = plan("fibonacci", 10);
        byte[] proof = kind.prove(item(JOB, job, HONEST), ProgressListener.NONE, ChallengeChannel.NONE);
        String programRef = VmStarkParams.parse(job.params()).programRef();
        byte[] other = Program.of(Instruction.halt()).encode();
        WorkItem swapped = new WorkItem(JOB, job.kind(), Tier.MACRO, job.traceHash().hex(), job.traceRef(),
                job.params(), key -> key.equals(programRef) ? other : blobs.get(key).orElseThrow())
                .forProver(HONEST);
        Verdict verdict = kind.verify(swapped, proof);
        assertThat(verdict.reason()).isEqualTo(Verdict.Reason.WRONG_PARAMETERS);
        assertThat(verdict.detail()).contains("hashes to");
        assertThatThrownBy(() -> kind.prove(swapped, ProgressListener.NONE, ChallengeChannel.NONE))
                .isInstanceOf(WorkFailedException.class).hasMessageContaining("hashes to");
    }

    @Test
    void anItemWithoutAProverCannotBeVerified() {
        PlannedJob job = plan("fibonacci", 10);
        byte[] proof = kind.prove(item(JOB, job, HONEST), ProgressListener.NONE, ChallengeChannel.NONE);
        WorkItem unbound = new WorkItem(JOB, job.kind(), Tier.MACRO, job.traceHash().hex(), job.traceRef(),
                job.params(), key -> blobs.get(key).orElseThrow());
        assertThat(kind.verify(unbound, proof).reason()).isEqualTo(Verdict.Reason.WRONG_PARAMETERS);
    }

    @Test
    void aMicroIntentIsPlannedAsSegmentsThatChainAndEachIsProvenForItsOwnJob() {
        ProgramExecution.Executed executed = new ProgramExecution(blobs).executeForStark(
                Samples.source("fibonacci"), new long[] {12}, 10_000, Tier.MICRO, 40);
        assertThat(executed.jobs()).hasSize(3);
        long nextStep = 0;
        for (int i = 0; i < executed.jobs().size(); i++) {
            VmStarkParams params = VmStarkParams.parse(executed.jobs().get(i).params());
            assertThat(params.firstStep()).isEqualTo(nextStep);
            assertThat(params.halts()).isEqualTo(i == executed.jobs().size() - 1);
            assertThat(params.steps()).isEqualTo(params.halts() ? executed.steps() - nextStep : 31);
            nextStep += params.steps();
        }
        assertThat(nextStep).isEqualTo(executed.steps());
        String[] jobIds = {JOB, SECOND_JOB, "00112233445566778899aabbccddeeff"};
        byte[][] proofs = new byte[3][];
        for (int i = 0; i < 3; i++) {
            WorkItem item = item(jobIds[i], executed.jobs().get(i), HONEST);
            proofs[i] = kind.prove(item, ProgressListener.NONE, ChallengeChannel.NONE);
            assertThat(kind.verify(item, proofs[i])).isEqualTo(Verdict.ok());
        }
        // a segment's proof submitted for another segment's job (its own job id) is refused
        Verdict swapped = kind.verify(item(jobIds[1], executed.jobs().get(1), HONEST), proofs[0]);
        assertThat(swapped.reason()).isEqualTo(Verdict.Reason.MISMATCH);
    }

    /**
     * Each segment job's share of the fee is max(steps, P′): a final segment shorter than the program table's period
     * pays for the table its proof looks up, not only for its steps (the rule that prices a proof by its rows).
     */
    @Test
    void eachSegmentIsPricedByMaxOfItsStepsAndTheTablePeriod() {
        // 40 instructions (P′ = 64): 63-step segments, and a final one of 2 steps
        StringBuilder source = new StringBuilder();
        for (int i = 0; i < 39; i++) {
            source.append("addi r1 r1 1\n");
        }
        source.append("halt\n");
        long runSteps = 40;
        ProgramExecution.Executed executed = new ProgramExecution(blobs).executeForStark(source.toString(),
                new long[0], 1000, Tier.MICRO, 16);
        assertThat(executed.steps()).isEqualTo(runSteps);
        assertThat(executed.jobs()).hasSize(1);
        assertThat(executed.jobs().getFirst().workUnits()).isEqualTo(64);
        ProgramExecution.Executed fibonacci = new ProgramExecution(blobs).executeForStark(
                Samples.source("fibonacci"), new long[] {12}, 10_000, Tier.MICRO, 40);
        for (PlannedJob job : fibonacci.jobs()) {
            VmStarkParams params = VmStarkParams.parse(job.params());
            assertThat(job.workUnits()).isEqualTo(Math.max(params.steps(), 16));
        }
        assertThat(VmStarkKind.workUnits(3, 40)).isEqualTo(64);
        assertThat(VmStarkKind.workUnits(1000, 40)).isEqualTo(1000);
    }

    @Test
    void eachJobStatesTheMemoryItsProofSurelyNeedsNamingMaxSteps() {
        ProgramExecution.Executed executed = new ProgramExecution(blobs).executeForStark(
                Samples.source("fibonacci"), new long[] {12}, 10_000, Tier.MICRO, 40);
        for (PlannedJob job : executed.jobs()) {
            VmStarkParams params = VmStarkParams.parse(job.params());
            assertThat(job.needs().sizeField()).isEqualTo("max_steps");
            assertThat(job.needs().memoryMb()).isPositive()
                    .isEqualTo(VmStark.proverMemoryMiB(params.steps(), 16, VmStark.OPTIONS_96));
        }
        assertThat(VmStarkKind.needs((1 << 20) - 1, 40).memoryMb()).as("a million-row trace: over a GiB")
                .isGreaterThan(1_024);
    }

    @Test
    void theStarkPlannerRefusesWhatItCannotProveNamingTheField() {
        ProgramExecution execution = new ProgramExecution(blobs);
        assertThatThrownBy(() -> execution.execute(Samples.source("fibonacci"), new long[] {5}, 1000,
                Tier.FULL, 1024)).as("a reexec node batches nothing").isInstanceOfSatisfying(PouwException.class,
                        e -> assertThat(e.getMessage()).contains("full"));
        assertThatThrownBy(() -> execution.executeForStark(Samples.source("fibonacci"), new long[] {500}, 100,
                Tier.MACRO, 1024)).isInstanceOfSatisfying(PouwException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.EXECUTION_FAILED));
    }

    @Test
    void paramsRoundTrip() {
        PlannedJob job = plan("harmonic", 6);
        VmStarkParams params = VmStarkParams.parse(job.params());
        assertThat(params.toJson()).isEqualTo(job.params());
        assertThatThrownBy(() -> VmStarkParams.parse("{\"program_ref\":\"x\"}"))
                .isInstanceOf(WorkFailedException.class).hasMessageContaining("vm-stark params");
    }
}
