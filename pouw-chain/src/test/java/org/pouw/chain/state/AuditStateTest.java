package org.pouw.chain.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.ml.wire.Bytes32;

/**
 * Pending audits and immature rewards are state entries like the others (docs/chain.md §5, §7): a branch's writes are
 * invisible to its parent and siblings, they enter the root (a closed audit and an empty reward list do not), and a
 * squash keeps what a layer sees — dropping closed audits, which nothing above a squashed layer can still read.
 */
class AuditStateTest {
    private static final Bytes32 MINER = Bytes32.fromHex("11".repeat(32));
    private static final Bytes32 TASK = Bytes32.fromHex("22".repeat(32));

    @Test
    void auditEntriesLiveInLayersEnterTheRootAndSquash() {
        StateLayer base = StateLayer.empty();
        Bytes32 emptyRoot = StateRoot.of(base);
        StateLayer left = base.child();
        StateLayer right = base.child();
        left.putAudit(audit(5));
        left.putImmature(MINER, List.of(new ImmatureReward(5, 100)));
        assertThat(base.audit(5)).isNull();
        assertThat(right.audit(5)).isNull();
        assertThat(right.immatureRewards(MINER)).isEmpty();
        Bytes32 leftRoot = StateRoot.of(left);
        assertThat(leftRoot).isNotEqualTo(emptyRoot);

        StateLayer closed = left.child();
        closed.putAudit(audit(5).with(PendingAudit.Status.CLOSED));
        closed.putImmature(MINER, List.of());
        assertThat(StateRoot.of(closed)).as("closed audits and empty lists are left out").isEqualTo(emptyRoot);

        StateLayer kept = left.child();
        kept.putAudit(audit(6));
        Bytes32 keptRoot = StateRoot.of(kept);
        kept.squash();
        assertThat(kept.depth()).isEqualTo(1);
        assertThat(kept.audit(5)).isEqualTo(audit(5));
        assertThat(kept.immatureRewards(MINER)).containsExactly(new ImmatureReward(5, 100));
        assertThat(StateRoot.of(kept)).isEqualTo(keptRoot);

        closed.squash();
        assertThat(closed.audit(5)).as("a closed audit is dropped by a squash").isNull();
        assertThat(StateRoot.of(closed)).isEqualTo(emptyRoot);
    }

    private static PendingAudit audit(long height) {
        return PendingAudit.of(MINER, TASK, height, TASK, TASK, 4, TASK, TASK);
    }
}
