package org.pouw.kinds.vmstark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.core.id.Did;
import org.pouw.core.job.BatchMember;
import org.pouw.core.job.Tier;
import org.pouw.core.market.PlannedJob;
import org.pouw.core.work.ChallengeChannel;
import org.pouw.core.work.ProgressListener;
import org.pouw.core.work.Verdict;
import org.pouw.core.work.WorkFailedException;
import org.pouw.core.work.WorkItem;
import org.pouw.kinds.MapBlobs;
import org.pouw.kinds.reexec.ProgramExecution;
import org.pouw.vm.Samples;

/**
 * The {@code full} tier's kinds: a full intent is planned as one job waiting for a batch, with the whole run as its
 * params; a {@code vm-batch} lead proves its members in one proof with the batch AIR, verified against the list the
 * node builds from its own records, bound to the lead job and its leaseholder.
 */
class VmBatchKindTest {
    static final String LEAD = "0123456789abcdef0123456789abcdef";
    static final String OTHER_LEAD = "fedcba9876543210fedcba9876543210";
    static final Did HONEST = Did.of("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK");
    static final Did THIEF = Did.of("did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG");

    final MapBlobs blobs = new MapBlobs();
    final VmBatchKind kind = new VmBatchKind();

    VmBatchParams.Member member(String jobId, String sample, long... inputs) {
        ProgramExecution.Executed executed = new ProgramExecution(blobs).executeForStark(Samples.source(sample),
                inputs, 10_000, Tier.FULL, 1024);
        PlannedJob job = executed.jobs().getFirst();
        return new VmBatchParams.Member(jobId, VmStarkParams.parse(job.params()));
    }

    WorkItem lead(String jobId, List<VmBatchParams.Member> members, Did prover) {
        return new WorkItem(jobId, VmBatchKind.NAME, Tier.FULL, "00".repeat(32), "",
                new VmBatchParams(members).toJson(),
                key -> blobs.get(key).orElseThrow(() -> new WorkFailedException("no blob " + key))).forProver(prover);
    }

    List<VmBatchParams.Member> three() {
        return List.of(member("a", "fibonacci", 12), member("b", "power", 3, 4), member("c", "harmonic", 6));
    }

    @Test
    void aFullIntentIsOneJobWaitingForABatchWithItsWholeRunAsParams() {
        ProgramExecution.Executed executed = new ProgramExecution(blobs).executeForStark(
                Samples.source("fibonacci"), new long[] {12}, 10_000, Tier.FULL, 1024);
        assertThat(executed.jobs()).singleElement().satisfies(job -> {
            assertThat(job.kind()).isEqualTo(BatchMember.WAITING_KIND);
            VmStarkParams run = VmStarkParams.parse(job.params());
            assertThat(run.firstStep()).isZero();
            assertThat(run.halts()).isTrue();
            assertThat(run.steps()).isEqualTo(executed.steps());
            assertThat(run.start().registers()[0]).isEqualTo(12);
            assertThat(run.end().registers()[1]).isEqualTo(144);
        });
    }

    @Test
    void anHonestBatchProofIsAcceptedAndReadsOnlyItsPrograms() {
        List<VmBatchParams.Member> members = three();
        WorkItem item = lead(LEAD, members, HONEST);
        assertThat(kind.proverInputs("", item.params())).containsExactlyElementsOf(
                members.stream().map(member -> member.run().programRef()).distinct().toList());
        byte[] proof = kind.prove(item, ProgressListener.NONE, ChallengeChannel.NONE);
        assertThat(kind.verify(item, proof)).isEqualTo(Verdict.ok());
    }

    @Test
    void aBatchProofForAnotherLeadAnotherProverOrAnotherListIsRefused() {
        List<VmBatchParams.Member> members = three();
        byte[] proof = kind.prove(lead(LEAD, members, HONEST), ProgressListener.NONE, ChallengeChannel.NONE);

        Verdict otherBatch = kind.verify(lead(OTHER_LEAD, three(), HONEST), proof);
        assertThat(otherBatch.reason()).isEqualTo(Verdict.Reason.MISMATCH);
        Verdict otherProver = kind.verify(lead(LEAD, members, THIEF), proof);
        assertThat(otherProver.reason()).isEqualTo(Verdict.Reason.MISMATCH);
        List<VmBatchParams.Member> dropped = new ArrayList<>(members.subList(0, 2));
        assertThat(kind.verify(lead(LEAD, dropped, HONEST), proof).reason()).isEqualTo(Verdict.Reason.MISMATCH);
        List<VmBatchParams.Member> swapped = List.of(members.get(1), members.get(0), members.get(2));
        assertThat(kind.verify(lead(LEAD, swapped, HONEST), proof).reason()).isEqualTo(Verdict.Reason.MISMATCH);
        List<VmBatchParams.Member> duplicated = List.of(members.get(0), members.get(0), members.get(2));
        assertThat(kind.verify(lead(LEAD, duplicated, HONEST), proof).reason()).isEqualTo(Verdict.Reason.MISMATCH);
    }

    @Test
    void paramsTheNodeCannotMakeAStatementFromAreRefusedNamingWhy() {
        WorkItem garbage = new WorkItem(LEAD, VmBatchKind.NAME, Tier.FULL, "00".repeat(32), "", "{\"members\":7}",
                key -> new byte[0]).forProver(HONEST);
        Verdict verdict = kind.verify(garbage, new byte[] {1, 2, 3});
        assertThat(verdict.reason()).isEqualTo(Verdict.Reason.WRONG_PARAMETERS);
        assertThat(kind.proverInputs("", "{\"members\":7}")).isEmpty();
        VmBatchParams.Member first = member("a", "fibonacci", 3);
        VmStarkParams segment = new VmStarkParams(first.run().programRef(), 1, first.run().start(),
                first.run().steps() - 1, true, first.run().end());
        assertThatThrownBy(() -> new VmBatchParams(List.of(new VmBatchParams.Member("a", segment))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole run");
    }
}
