package org.pouw.kinds.reexec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.job.Tier;
import org.pouw.core.market.PlannedJob;
import org.pouw.core.work.ChallengeChannel;
import org.pouw.core.work.ProgressListener;
import org.pouw.core.work.Verdict;
import org.pouw.core.work.WorkFailedException;
import org.pouw.core.work.WorkItem;
import org.pouw.kinds.MapBlobs;
import org.pouw.vm.Samples;

class ReexecKindTest {
    private final MapBlobs blobs = new MapBlobs();
    private final ReexecKind kind = new ReexecKind();

    private List<WorkItem> items(Tier tier, int segmentSteps) {
        ProgramExecution.Executed executed = new ProgramExecution(blobs)
                .execute(Samples.source("fibonacci"), new long[] {20}, 10_000, tier, segmentSteps);
        return executed.jobs().stream().map(this::item).toList();
    }

    private WorkItem item(PlannedJob job) {
        return new WorkItem("job", job.kind(), Tier.MICRO, job.traceHash().hex(), job.traceRef(), job.params(),
                key -> blobs.get(key).orElseThrow(() -> new WorkFailedException("no blob " + key)));
    }

    @Test
    void anHonestProofOfEverySegmentIsAccepted() {
        List<WorkItem> segments = items(Tier.MICRO, 7);
        assertThat(segments).hasSizeGreaterThan(1);
        for (WorkItem item : segments) {
            byte[] proof = kind.prove(item, ProgressListener.NONE, ChallengeChannel.NONE);
            assertThat(kind.verify(item, proof)).isEqualTo(Verdict.ok());
        }
        WorkItem macro = items(Tier.MACRO, 7).get(0);
        byte[] macroProof = kind.prove(macro, ProgressListener.NONE, ChallengeChannel.NONE);
        assertThat(kind.verify(macro, macroProof).accepted()).isTrue();
    }

    @Test
    void aWorkerProvesEverySegmentFromTheInputsItsKindDeclaresAlone() {
        for (Tier tier : List.of(Tier.MICRO, Tier.MACRO)) {
            for (WorkItem full : items(tier, 7)) {
                WorkItem leased = new WorkItem(full.jobId(), full.kind(), full.tier(), full.traceHash(),
                        full.traceRef(), full.params(), blobs.only(kind.proverInputs(full.traceRef(), full.params())));
                byte[] proof = kind.prove(leased, ProgressListener.NONE, ChallengeChannel.NONE);
                assertThat(kind.verify(full, proof)).isEqualTo(Verdict.ok());
            }
        }
        assertThat(kind.proverInputs("ab".repeat(32), "{not json")).as("unparseable params name nothing").isEmpty();
    }

    @Property(tries = 200)
    void anyChangedByteIsRejected(@ForAll @IntRange(min = 0, max = 4 + 1 + 8 + 72 + 32 - 1) int position,
                                  @ForAll @IntRange(min = 1, max = 255) int flip) {
        WorkItem item = items(Tier.MACRO, 7).get(0);
        byte[] proof = kind.prove(item, ProgressListener.NONE, ChallengeChannel.NONE);
        proof[position] ^= (byte) flip;
        assertThat(kind.verify(item, proof).accepted()).isFalse();
    }

    @Property(tries = 200)
    void arbitraryBytesAreRejectedNeverThrown(@ForAll byte[] junk) {
        WorkItem item = items(Tier.MACRO, 7).get(0);
        assertThat(kind.verify(item, junk).accepted()).isFalse();
    }

    @Test
    void aProofForAnotherSegmentIsRejected() {
        List<WorkItem> segments = items(Tier.MICRO, 5);
        byte[] first = kind.prove(segments.get(0), ProgressListener.NONE, ChallengeChannel.NONE);
        Verdict verdict = kind.verify(segments.get(1), first);
        assertThat(verdict.accepted()).isFalse();
        assertThat(verdict.reason()).isEqualTo(Verdict.Reason.MISMATCH);
    }

    @Test
    void badProgramsNameTheLine() {
        ProgramExecution execution = new ProgramExecution(blobs);
        assertThatThrownBy(() -> execution.execute("li r0 1\nfrob r1\nhalt", new long[0], 10, Tier.MACRO, 4))
                .isInstanceOf(PouwException.class).hasMessageContaining("line 2")
                .extracting(e -> ((PouwException) e).field()).isEqualTo("program");
        assertThatThrownBy(() -> execution.execute("loop:\njmp loop", new long[0], 50, Tier.MACRO, 4))
                .isInstanceOf(PouwException.class)
                .extracting(e -> ((PouwException) e).problem()).isEqualTo(Problem.EXECUTION_FAILED);
        assertThatThrownBy(() -> execution.execute("halt", new long[9], 50, Tier.MACRO, 4))
                .isInstanceOf(PouwException.class).hasMessageContaining("inputs");
    }
}
