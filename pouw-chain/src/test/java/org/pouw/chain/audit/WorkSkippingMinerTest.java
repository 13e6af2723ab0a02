package org.pouw.chain.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.pouw.chain.mining.TipKeyedStep;
import org.pouw.chain.state.PendingAudit;
import org.pouw.chain.tx.Transaction;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/**
 * A miner that skips work (docs/chain.md §5.2): in its segment one transition is spliced — after a real step it jumps
 * to a state it did not train to (one copied from another trajectory, as a miner restarting from a convenient state
 * would) and trains on from there, so every other leaf, the winner included, is a real step. The audit opens the
 * spliced leaf, its replay does not end where the leaf says, and the miner loses its stake and every immature reward
 * (burnt, no bounty); withholding the opening instead ends the same way at maturity. An honest miner beside it
 * keeps everything.
 */
class WorkSkippingMinerTest {
    private static final Ed25519.KeyPair POSTER = AuditScenario.key(1);
    private static final Ed25519.KeyPair CHEAT = AuditScenario.key(2);
    private static final Ed25519.KeyPair HONEST = AuditScenario.key(3);
    private static final List<Ed25519.KeyPair> EVERYONE = List.of(POSTER, CHEAT, HONEST);
    /** One window of w = 4 over a segment of 5 leaves opens every leaf but the winner. */
    private static final AuditParameters EVERY_LEAF = new AuditParameters(2, 6, 1, 4, 14, 4, 8 << 20, 300, 10);

    @Test
    void aSpliceJustBeforeTheWinnerIsAlwaysOpenedAndSlashesTheMiner() {
        caught(AuditScenario.AUDITS, 6, 4);
    }

    @Test
    void aSpliceInsideTheSegmentIsCaughtWhenAWindowCoversIt() {
        caught(EVERY_LEAF, 5, 1);
    }

    /** The control: the same segments without the splice open cleanly and nobody is slashed. */
    @Test
    void theSameSegmentsUnsplicedOpenCleanly() {
        for (AuditParameters audits : List.of(AuditScenario.AUDITS, EVERY_LEAF)) {
            AuditScenario chain = new AuditScenario(audits, POSTER, CHEAT, HONEST);
            chain.block(CHEAT, 3);
            chain.block(CHEAT, 5);
            chain.block(CHEAT, 3);
            chain.block(HONEST, 3);
            chain.block(HONEST, 3, chain.tx(CHEAT, chain.opening(2)));
            assertThat(chain.state.audit(2).status()).isEqualTo(PendingAudit.Status.OPENED);
            assertThat(chain.staked(CHEAT)).isEqualTo(AuditScenario.STAKE);
            assertThat(chain.state.burnt()).isZero();
        }
    }

    @Test
    void withholdingTheOpeningOfASplicedSegmentIsSlashedAtMaturity() {
        AuditScenario chain = new AuditScenario(EVERY_LEAF, POSTER, CHEAT, HONEST);
        long coins = chain.coins(EVERYONE);
        chain.block(CHEAT, spliced(chain, 5, 2));
        while (chain.height <= EVERY_LEAF.maturity()) {
            chain.block(HONEST, 2);
            if (chain.height == 1 + EVERY_LEAF.challengeDelay() + 1) {
                chain.block(HONEST, 2, chain.tx(HONEST, chain.opening(2)));
            }
        }
        assertThat(chain.staked(CHEAT)).isZero();
        assertThat(chain.immature(CHEAT)).isZero();
        assertThat(chain.state.burnt()).isEqualTo(AuditScenario.STAKE + AuditScenario.SUBSIDY);
        assertThat(chain.staked(HONEST)).isEqualTo(AuditScenario.STAKE);
        assertThat(chain.coins(EVERYONE)).isEqualTo(coins + chain.height * AuditScenario.SUBSIDY);
    }

    private static void caught(AuditParameters audits, int length, int spliceAt) {
        AuditScenario chain = new AuditScenario(audits, POSTER, CHEAT, HONEST);
        long coins = chain.coins(EVERYONE);
        chain.block(CHEAT, 3);
        chain.block(CHEAT, spliced(chain, length, spliceAt));
        chain.block(CHEAT, 3);
        chain.block(HONEST, 3);                                      // challenges block 2 (c = 2)
        assertThat(chain.state.audit(2).status()).isEqualTo(PendingAudit.Status.CHALLENGED);
        assertThat(SegmentChallenge.windows(chain.state.audit(2).seed(), length, audits))
                .as("the spliced leaf is among the opened ones")
                .anyMatch(w -> w.start() <= spliceAt && spliceAt < w.end());
        long cheatBalance = chain.state.account(AuditScenario.id(CHEAT)).balance();
        long honestBefore = chain.state.account(AuditScenario.id(HONEST)).balance();
        assertThat(chain.immature(CHEAT)).isEqualTo(3 * AuditScenario.SUBSIDY);

        Transaction open = chain.tx(CHEAT, chain.opening(2));
        assertThat(chain.apply(open).isApplied()).as("a failed opening applies, it is the miner own evidence: %s", chain.apply(open))
                .isTrue();
        chain.block(HONEST, 3, open);
        assertThat(chain.staked(CHEAT)).isZero();
        assertThat(chain.immature(CHEAT)).as("all immature rewards clawed back, not only the audited block's")
                .isZero();
        assertThat(chain.state.account(AuditScenario.id(CHEAT)).balance()).isEqualTo(cheatBalance - open.fee());
        assertThat(chain.state.burnt()).isEqualTo(AuditScenario.STAKE + 3 * AuditScenario.SUBSIDY);
        assertThat(chain.state.account(AuditScenario.id(HONEST)).balance()).isEqualTo(honestBefore);
        assertThat(chain.staked(HONEST)).isEqualTo(AuditScenario.STAKE);
        assertThat(chain.immature(HONEST)).as("the block carrying it earns its reward and the fee, no bounty")
                .isEqualTo(2 * AuditScenario.SUBSIDY + open.fee());
        assertThat(chain.coins(EVERYONE)).isEqualTo(coins + chain.height * AuditScenario.SUBSIDY);
    }

    /**
     * A segment of {@code length} steps whose leaf {@code at} claims a jump to a state from another trajectory (the
     * same number of steps trained on another tip): a real-looking state the step did not produce.
     */
    private static AuditScenario.Segment spliced(AuditScenario chain, int length, int at) {
        UnaryOperator<TrainingState> jump = honest -> {
            TrainingState other = TrainingState.initial(chain.task);
            Bytes32 elsewhere = AuditScenario.hash("elsewhere", 0);
            while (other.stepsDone() < honest.stepsDone()) {
                TipKeyedStep.take(chain.task, AuditScenario.TRAINING, other, AuditScenario.id(CHEAT), elsewhere,
                        AuditScenario.TICKETS, ThreadTeam.single());
            }
            return other;
        };
        Bytes32 tip = chain.tip;
        return chain.train(CHEAT, length, i -> tip, jump, at);
    }
}
