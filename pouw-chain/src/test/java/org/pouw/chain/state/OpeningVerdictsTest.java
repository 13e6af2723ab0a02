package org.pouw.chain.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.pouw.chain.mining.MinedStep;
import org.pouw.chain.mining.OpenedBatch;
import org.pouw.chain.tx.AuditOpen;
import org.pouw.chain.tx.OpenedWindow;
import org.pouw.ml.wire.Bytes32;

/**
 * What a remembered replay verdict is keyed by ({@link OpeningVerdicts}): the opening's body and the whole audit it
 * answers. An audit a reorg re-made (another segment under the same height) must be judged afresh, or an opening
 * that stood against the first would pass unreplayed against the second.
 */
class OpeningVerdictsTest {
    private final OpeningVerdicts verdicts = new OpeningVerdicts();
    private final AtomicInteger ran = new AtomicInteger();

    private static Bytes32 b(int fill) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, (byte) fill);
        return Bytes32.of(bytes);
    }

    private static AuditOpen opening(int stateByte) {
        MinedStep leaf = new MinedStep(0, b(1), b(2), b(3), b(4), 1);
        byte[] state = {(byte) (stateByte >> 8), (byte) stateByte};
        OpenedWindow window = new OpenedWindow(state, List.of(leaf), List.of(List.of()),
                List.of(new OpenedBatch(List.of(), List.of())));
        return new AuditOpen(5, b(9), List.of(window));
    }

    private static PendingAudit audit(Bytes32 segmentRoot) {
        return new PendingAudit(b(7), b(8), 5, b(6), segmentRoot, 4, b(1), b(3), b(5), b(9),
                PendingAudit.Status.CHALLENGED);
    }

    private String judge(AuditOpen open, PendingAudit audit, String failure) {
        return verdicts.verdict(open, audit, () -> {
            ran.incrementAndGet();
            return failure;
        });
    }

    @Test
    void theSameBodyAgainstTheSameAuditIsReplayedOnceAndKeepsItsVerdict() {
        assertThat(judge(opening(1), audit(b(10)), "leaf 3 does not replay")).isEqualTo("leaf 3 does not replay");
        assertThat(judge(opening(1), audit(b(10)), null)).as("remembered, not replayed").isEqualTo(
                "leaf 3 does not replay");
        assertThat(judge(opening(2), audit(b(10)), null)).isNull();
        assertThat(judge(opening(2), audit(b(10)), "x")).as("a pass is remembered too").isNull();
        assertThat(ran).hasValue(2);
        assertThat(verdicts.replays()).isEqualTo(2);
    }

    @Test
    void anAuditReMadeByAReorgIsJudgedAfresh() {
        assertThat(judge(opening(1), audit(b(10)), null)).isNull();
        assertThat(judge(opening(1), audit(b(11)), "leaf 0 is not in the segment"))
                .isEqualTo("leaf 0 is not in the segment");
        assertThat(ran).hasValue(2);
    }

    @Test
    void theMemoryIsBounded() {
        for (int i = 0; i < OpeningVerdicts.CAPACITY + 1; i++) {
            judge(opening(i), audit(b(10)), null);
        }
        judge(opening(0), audit(b(10)), null);
        assertThat(ran).as("the oldest verdict was forgotten").hasValue(OpeningVerdicts.CAPACITY + 2);
        judge(opening(OpeningVerdicts.CAPACITY), audit(b(10)), null);
        assertThat(ran).as("a recent one was not").hasValue(OpeningVerdicts.CAPACITY + 2);
    }
}
