package org.pouw.kinds.hashchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pouw.core.PouwException;
import org.pouw.core.id.Did;
import org.pouw.core.job.Tier;
import org.pouw.core.market.PlannedJob;
import org.pouw.core.work.ChallengeChannel;
import org.pouw.core.work.ProgressListener;
import org.pouw.core.work.Verdict;
import org.pouw.core.work.WorkFailedException;
import org.pouw.core.work.WorkItem;
import org.pouw.kinds.MapBlobs;
import org.pouw.stark.HashChainStark;

class HashChainKindTest {
    final MapBlobs blobs = new MapBlobs();
    final HashChainKind kind = new HashChainKind();

    static final String JOB = "0123456789abcdef0123456789abcdef";
    static final String SECOND_JOB = "fedcba9876543210fedcba9876543210";
    static final Did HONEST = Did.of("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK");
    static final Did THIEF = Did.of("did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG");

    WorkItem item(String seed, long steps) {
        return item(JOB, seed, steps).forProver(HONEST);
    }

    WorkItem item(String jobId, String seed, long steps) {
        HashChainIntents.Planned planned = new HashChainIntents(blobs, 1 << 16).plan(seed, steps);
        return new WorkItem(jobId, HashChainKind.NAME, Tier.MACRO, planned.job().traceHash().hex(),
                planned.job().traceRef(), planned.job().params(), key -> blobs.get(key).orElseThrow());
    }

    @Test
    void aChainJobCountsItsHashesAsWorkUnitsAndStatesTheMemoryItsTraceNeeds() {
        PlannedJob job = new HashChainIntents(blobs, 1 << 16).plan("sized", 1 << 12).job();
        assertThat(job.workUnits()).isEqualTo(1 << 12);
        assertThat(job.needs().sizeField()).isEqualTo("steps");
        assertThat(job.needs().memoryMb()).isEqualTo(HashChainStark.proverMemoryMiB(1 << 12,
                HashChainStark.OPTIONS_96)).isGreaterThan(new HashChainIntents(blobs, 1 << 16).plan("sized", 8).job()
                .needs().memoryMb());
    }

    /** Another prover leases the same job (re-queued) and submits the proof it read from the finished one. */
    @Test
    void aProofStolenByAnotherProverForTheSameJobIsRefused() {
        byte[] proof = kind.prove(item("stolen", 8), ProgressListener.NONE, ChallengeChannel.NONE);
        Verdict verdict = kind.verify(item(JOB, "stolen", 8).forProver(THIEF), proof);
        assertThat(verdict.reason()).isEqualTo(Verdict.Reason.MISMATCH);
        assertThat(verdict.detail()).contains("statement_mismatch").contains("another prover");
    }

    /** The same prover, or anyone, replays a paid proof for a second job whose chain is identical. */
    @Test
    void aProofReplayedForASecondJobWithTheSameChainIsRefused() {
        byte[] proof = kind.prove(item("replayed", 8), ProgressListener.NONE, ChallengeChannel.NONE);
        Verdict verdict = kind.verify(item(SECOND_JOB, "replayed", 8).forProver(HONEST), proof);
        assertThat(verdict.reason()).isEqualTo(Verdict.Reason.MISMATCH);
        assertThat(verdict.detail()).contains("another job");
    }

    @Test
    void withoutAProverNothingIsProvenOrAccepted() {
        WorkItem unbound = item(JOB, "unbound", 2);
        assertThatThrownBy(() -> kind.prove(unbound, ProgressListener.NONE, ChallengeChannel.NONE))
                .isInstanceOf(WorkFailedException.class).hasMessageContaining("prover");
        byte[] proof = kind.prove(item("unbound", 2), ProgressListener.NONE, ChallengeChannel.NONE);
        Verdict verdict = kind.verify(unbound, proof);
        assertThat(verdict.reason()).isEqualTo(Verdict.Reason.WRONG_PARAMETERS);
        assertThat(verdict.detail()).contains("prover is missing");
    }

    @Test
    void anHonestProofIsAcceptedAndAProofOfAnotherStatementIsNot() {
        WorkItem job = item("hello", 8);
        byte[] proof = kind.prove(job, ProgressListener.NONE, ChallengeChannel.NONE);
        assertThat(kind.verify(job, proof)).isEqualTo(Verdict.ok());

        Verdict other = kind.verify(item("hello", 9), proof);
        assertThat(other.accepted()).isFalse();
        assertThat(other.reason()).isEqualTo(Verdict.Reason.MISMATCH);
        assertThat(other.detail()).contains("statement_mismatch");
    }

    @Test
    void changedBytesAndJunkAreRejectedNeverThrown() {
        WorkItem job = item("bytes", 4);
        byte[] proof = kind.prove(job, ProgressListener.NONE, ChallengeChannel.NONE);
        for (int position = 0; position < proof.length; position += Math.max(1, proof.length / 40)) {
            byte[] changed = proof.clone();
            changed[position] ^= 0x5a;
            assertThat(kind.verify(job, changed).accepted()).as("byte " + position).isFalse();
        }
        assertThat(kind.verify(job, new byte[] {1, 2, 3}).accepted()).isFalse();
        assertThat(kind.verify(job, new byte[0]).accepted()).isFalse();
    }

    @Test
    void stepsOutOfRangeNameTheField() {
        assertThatThrownBy(() -> new HashChainIntents(blobs, 100).plan("x", 101)).isInstanceOf(PouwException.class)
                .hasMessageContaining("steps");
        assertThatThrownBy(() -> new HashChainIntents(blobs, 100).plan("x", 0)).hasMessageContaining("steps");
    }
}
