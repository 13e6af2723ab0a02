package org.pouw.kinds.hashchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pouw.core.PouwException;
import org.pouw.core.job.Tier;
import org.pouw.core.work.ChallengeChannel;
import org.pouw.core.work.ProgressListener;
import org.pouw.core.work.Verdict;
import org.pouw.core.work.WorkItem;
import org.pouw.kinds.MapBlobs;

class HashChainKindTest {
    final MapBlobs blobs = new MapBlobs();
    final HashChainKind kind = new HashChainKind();

    WorkItem item(String seed, long steps) {
        HashChainIntents.Planned planned = new HashChainIntents(blobs, 1 << 16).plan(seed, steps);
        return new WorkItem("job", HashChainKind.NAME, Tier.MACRO, planned.job().traceHash().hex(),
                planned.job().traceRef(), planned.job().params(), key -> blobs.get(key).orElseThrow());
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
