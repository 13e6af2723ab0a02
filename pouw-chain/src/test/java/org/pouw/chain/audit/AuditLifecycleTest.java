package org.pouw.chain.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.chain.block.BlockDefect;
import org.pouw.chain.block.BlockOutcome;
import org.pouw.chain.state.PendingAudit;
import org.pouw.chain.state.StateLayer;
import org.pouw.chain.state.StateRoot;
import org.pouw.chain.state.TxOutcome;
import org.pouw.chain.state.TxRefusal;
import org.pouw.chain.tx.AuditOpen;
import org.pouw.chain.tx.Transaction;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;

/**
 * The life of an audit (docs/chain.md §5.2, §5.3) on the real rules: a block's reward is held immature and its segment
 * pending; the next block names it, the block c later challenges it; the miner's honest opening closes it and the
 * reward matures; an opening nobody sent slashes the miner at maturity with no bounty to anyone; nobody but the
 * miner can open, and an opening that does not have the challenge's shape changes nothing.
 */
class AuditLifecycleTest {
    private static final Ed25519.KeyPair POSTER = AuditScenario.key(1);
    private static final Ed25519.KeyPair MINER = AuditScenario.key(2);
    private static final Ed25519.KeyPair OTHER = AuditScenario.key(3);
    private static final List<Ed25519.KeyPair> EVERYONE = List.of(POSTER, MINER, OTHER);

    @Test
    void anHonestOpeningClosesTheAuditAndTheRewardMatures() {
        AuditScenario chain = new AuditScenario(POSTER, MINER, OTHER);
        long coins = chain.coins(EVERYONE);
        chain.block(MINER, 6);
        assertThat(chain.state.audit(1).status()).isEqualTo(PendingAudit.Status.AWAITING_CHALLENGE);
        assertThat(chain.immature(MINER)).isEqualTo(AuditScenario.SUBSIDY);
        long balance = chain.state.account(AuditScenario.id(MINER)).balance();
        chain.block(OTHER, 3);
        assertThat(chain.state.audit(1).blockHash()).isEqualTo(chain.blockAt(1));
        chain.block(OTHER, 3);                                       // height 3 = 1 + c: the challenge
        assertThat(chain.state.audit(1).status()).isEqualTo(PendingAudit.Status.CHALLENGED);
        assertThat(chain.state.audit(1).seed()).isNotNull();

        Transaction open = chain.tx(MINER, chain.opening(1));
        chain.block(OTHER, 3, open);
        assertThat(chain.state.audit(1).status()).isEqualTo(PendingAudit.Status.OPENED);
        while (chain.height < 1 + AuditScenario.AUDITS.maturity()) {
            chain.block(OTHER, 2);
        }
        assertThat(chain.immature(MINER)).isZero();
        assertThat(chain.staked(MINER)).isEqualTo(AuditScenario.STAKE);
        assertThat(chain.state.account(AuditScenario.id(MINER)).balance())
                .isEqualTo(balance - open.fee() + AuditScenario.SUBSIDY);
        assertThat(chain.state.burnt()).isZero();
        assertThat(chain.coins(EVERYONE)).isEqualTo(coins + chain.height * AuditScenario.SUBSIDY);
    }

    @Test
    void aMissingOpeningSlashesTheStakeAndEveryImmatureRewardAtMaturityWithNoBounty() {
        AuditScenario chain = new AuditScenario(POSTER, MINER, OTHER);
        long coins = chain.coins(EVERYONE);
        chain.block(MINER, 6);
        chain.block(MINER, 4);
        chain.block(MINER, 4);
        long otherBefore = chain.state.account(AuditScenario.id(OTHER)).balance();
        while (chain.height < AuditScenario.AUDITS.maturity()) {
            chain.block(OTHER, 2);
        }
        assertThat(chain.staked(MINER)).isEqualTo(AuditScenario.STAKE);
        assertThat(chain.immature(MINER)).isEqualTo(3 * AuditScenario.SUBSIDY);
        chain.block(OTHER, 2);                                       // height 1 + maturity: block 1's audit ends
        assertThat(chain.staked(MINER)).isZero();
        assertThat(chain.immature(MINER)).isZero();
        assertThat(chain.state.burnt()).isEqualTo(AuditScenario.STAKE + 3 * AuditScenario.SUBSIDY);
        assertThat(chain.state.audit(2).status()).as("its later audits close with it")
                .isEqualTo(PendingAudit.Status.CLOSED);
        assertThat(chain.state.account(AuditScenario.id(OTHER)).balance() - otherBefore)
                .as("the block that slashes earns only its own matured rewards, no bounty")
                .isEqualTo(chain.height - AuditScenario.AUDITS.maturity() - 3 > 0
                        ? (chain.height - AuditScenario.AUDITS.maturity() - 3) * AuditScenario.SUBSIDY : 0);
        assertThat(chain.coins(EVERYONE)).isEqualTo(coins + chain.height * AuditScenario.SUBSIDY);
        BlockOutcome unstaked = chain.tryBlock(MINER, chain.train(MINER, 2), List.of());
        assertThat(unstaked.defect()).isEqualTo(BlockDefect.MINER_NOT_STAKED);
    }

    @Test
    void onlyTheAuditedMinerOpensAndAMisshapenOpeningChangesNothing() {
        AuditScenario chain = new AuditScenario(POSTER, MINER, OTHER);
        chain.block(MINER, 6);
        chain.block(OTHER, 3);
        chain.block(OTHER, 3);
        AuditOpen honest = chain.opening(1);
        Bytes32 root = StateRoot.of(chain.state);
        assertThat(chain.apply(chain.tx(OTHER, honest)).refusal()).isEqualTo(TxRefusal.NOT_THE_AUDITED_MINER);
        assertThat(chain.apply(chain.tx(OTHER, new AuditOpen(2, honest.challenge(), honest.windows()))).refusal())
                .as("block 2, by the other miner, is challenged by block 4").isEqualTo(TxRefusal.AUDIT_NOT_CHALLENGED);
        assertThat(chain.apply(chain.tx(MINER, new AuditOpen(40, honest.challenge(), honest.windows()))).refusal())
                .isEqualTo(TxRefusal.AUDIT_NOT_PENDING);
        if (honest.windows().size() > 1) {
            TxOutcome fewer = chain.apply(chain.tx(MINER, new AuditOpen(1, honest.challenge(), honest.windows().subList(1,
                    honest.windows().size()))));
            assertThat(fewer.refusal()).isEqualTo(TxRefusal.OPENING_MALFORMED);
            assertThat(fewer.detail()).startsWith("windows");
        }
        assertThat(StateRoot.of(chain.state)).isEqualTo(root);
        assertThat(chain.state.audit(1).status()).isEqualTo(PendingAudit.Status.CHALLENGED);
        StateLayer opened = chain.state.child();
        assertThat(chain.transactions.apply(opened, chain.tx(MINER, honest), chain.height + 1).isApplied()).isTrue();
        assertThat(opened.audit(1).status()).isEqualTo(PendingAudit.Status.OPENED);
        assertThat(chain.apply(chain.tx(MINER, honest)).isApplied()).as("the parent layer is untouched").isTrue();
    }

    /** A block may carry B_audit bytes of openings and one audit's replays (k_b), no more (docs/chain.md §3.4, §5.2). */
    @Test
    void aBlockCarryingMoreAuditDataThanItsBudgetIsInvalid() {
        AuditParameters tight = new AuditParameters(2, 6, 2, 2, 14, 4, 400, 300, 10);
        AuditScenario chain = new AuditScenario(tight, POSTER, MINER, OTHER);
        chain.block(MINER, 6);
        chain.block(OTHER, 1);
        chain.block(OTHER, 1);
        Transaction open = chain.tx(MINER, chain.opening(1));
        assertThat(open.encode().length).isGreaterThan(400);
        Bytes32 root = StateRoot.of(chain.state);
        BlockOutcome over = chain.tryBlock(OTHER, chain.train(OTHER, 1), List.of(open));
        assertThat(over.defect()).isEqualTo(BlockDefect.AUDIT_DATA_OVER_BUDGET);
        assertThat(over.detail()).contains("at most 400");
        assertThat(StateRoot.of(chain.state)).isEqualTo(root);

        AuditScenario roomy = new AuditScenario(POSTER, MINER, OTHER);
        roomy.block(MINER, 6);
        roomy.block(MINER, 6);
        roomy.block(OTHER, 1);
        roomy.block(OTHER, 1);
        AuditOpen first = roomy.opening(1);
        AuditOpen second = roomy.opening(2);
        int steps = first.steps() + second.steps();
        BlockOutcome both = roomy.tryBlock(OTHER, roomy.train(OTHER, 1), List.of(roomy.tx(MINER, first),
                Transaction.sign(MINER, AuditScenario.CHAIN, roomy.state.account(AuditScenario.id(MINER)).nonce() + 1,
                        1, new byte[0], second)));
        assertThat(steps).isGreaterThan(AuditScenario.AUDITS.maxOpenedSteps());
        assertThat(both.defect()).isEqualTo(BlockDefect.AUDIT_DATA_OVER_BUDGET);
        assertThat(both.detail()).contains("replay " + steps + " steps");
    }

    /**
     * Unstaking does not escape an audit (docs/chain.md §5.4): the unbonding delay runs from the miner's last block,
     * past maturity, so stake that was unstaked after a block is still there to slash when its opening never comes.
     */
    @Test
    void stakeUnstakedAfterABlockIsStillSlashedForItsMissingOpening() {
        AuditScenario chain = new AuditScenario(POSTER, MINER, OTHER);
        chain.block(MINER, 6);
        chain.block(OTHER, 1, chain.tx(MINER, new org.pouw.chain.tx.Unstake(org.pouw.chain.tx.StakeRole.MINER,
                AuditScenario.STAKE)));
        assertThat(chain.state.stake(AuditScenario.id(MINER)).unbonding()).isEqualTo(AuditScenario.STAKE);
        BlockOutcome unstaked = chain.tryBlock(MINER, chain.train(MINER, 2), List.of());
        assertThat(unstaked.defect()).as("stake in unbonding can not mine").isEqualTo(BlockDefect.MINER_NOT_STAKED);
        while (chain.height <= AuditScenario.AUDITS.maturity()) {
            chain.block(OTHER, 1);
        }
        assertThat(chain.staked(MINER)).isZero();
        assertThat(chain.state.burnt()).isEqualTo(AuditScenario.STAKE + AuditScenario.SUBSIDY);
    }
}
