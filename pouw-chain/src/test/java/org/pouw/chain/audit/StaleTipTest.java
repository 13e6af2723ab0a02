package org.pouw.chain.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.pouw.chain.state.PendingAudit;
import org.pouw.chain.state.StateLayer;
import org.pouw.chain.tx.Transaction;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;

/**
 * Leaf tips along a segment (docs/chain.md §3.1): every opened leaf's tip must be the audited block's parent or an
 * ancestor at most W_a blocks below it, and tips never go back from one opened leaf to the next. Each segment here is
 * really trained on the tips it names (so every replay passes) and opened in full; what fails is only the tip rule.
 * The winner's own tip must be the parent: {@code HeaderRulesTest.aStepTrainedOnAnotherTipIsRefused}, and a signed
 * header that breaks it is slash evidence ({@code SlashEvidenceTest}).
 */
class StaleTipTest {
    private static final Ed25519.KeyPair POSTER = AuditScenario.key(1);
    private static final Ed25519.KeyPair MINER = AuditScenario.key(2);
    private static final Ed25519.KeyPair OTHER = AuditScenario.key(3);
    /** W_a = 4; one window of 4 over 5 leaves opens every leaf but the winner. */
    private static final AuditParameters EVERY_LEAF = new AuditParameters(2, 6, 1, 4, 14, 4, 8 << 20, 300, 10);

    @Test
    void tipsMovingForwardWithinTheWindowAreAccepted() {
        assertThat(audited(chain -> tips(chain, 6, 6, 7, 8, 9))).isEqualTo(PendingAudit.Status.OPENED);
    }

    @Test
    void aTipAtTheWindowsEdgeIsAcceptedAndOneBeyondItIsSlashed() {
        // The block at 10 has its parent at 9: W_a = 4 reaches down to height 5.
        assertThat(audited(chain -> tips(chain, 5, 9, 9, 9, 9))).isEqualTo(PendingAudit.Status.OPENED);
        assertThat(audited(chain -> tips(chain, 4, 9, 9, 9, 9))).isEqualTo(PendingAudit.Status.CLOSED);
    }

    @Test
    void aTipThatGoesBackIsSlashed() {
        assertThat(audited(chain -> tips(chain, 7, 8, 6, 9, 9))).isEqualTo(PendingAudit.Status.CLOSED);
    }

    @Test
    void aTipOffTheBranchIsSlashed() {
        Bytes32 nowhere = AuditScenario.hash("a block on no branch", 8);
        assertThat(audited(chain -> i -> i == 1 ? nowhere : chain.blockAt(9))).isEqualTo(PendingAudit.Status.CLOSED);
    }

    /**
     * Mines nine blocks, then block 10 by the miner with a segment of five steps on the tips {@code tips} gives, and
     * opens its audit; the audit's status after the opening (OPENED, or CLOSED because the miner was slashed).
     */
    private static PendingAudit.Status audited(java.util.function.Function<AuditScenario, IntFunction<Bytes32>> tips) {
        AuditScenario chain = new AuditScenario(EVERY_LEAF, POSTER, MINER, OTHER);
        while (chain.height < 9) {
            chain.block(OTHER, 2);
        }
        IntFunction<Bytes32> chosen = tips.apply(chain);
        IntFunction<Bytes32> withWinnerOnParent = i -> i == 4 ? chain.tip : chosen.apply(i);
        chain.block(MINER, chain.train(MINER, 5, withWinnerOnParent, UnaryOperator.identity(), -1));
        chain.block(OTHER, 2);
        chain.block(OTHER, 2);
        Transaction open = chain.tx(MINER, chain.opening(10));
        StateLayer before = chain.state;
        chain.block(OTHER, 2, open);
        PendingAudit.Status status = chain.state.audit(10).status();
        long staked = chain.staked(MINER);
        assertThat(staked).isEqualTo(status == PendingAudit.Status.OPENED ? AuditScenario.STAKE : 0);
        assertThat(before.stake(AuditScenario.id(MINER)).active()).isEqualTo(AuditScenario.STAKE);
        return status;
    }

    /** Tips of the first four steps at the given heights (the winner, step 5, is on the parent). */
    private static IntFunction<Bytes32> tips(AuditScenario chain, long... heights) {
        return i -> chain.blockAt(heights[i]);
    }
}
