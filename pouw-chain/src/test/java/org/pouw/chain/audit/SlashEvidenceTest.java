package org.pouw.chain.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.mining.MiningProof;
import org.pouw.chain.mining.Tickets;
import org.pouw.chain.state.StateRoot;
import org.pouw.chain.state.TxOutcome;
import org.pouw.chain.state.TxRefusal;
import org.pouw.chain.tx.Slash;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;

/**
 * Slash evidence (docs/chain.md §5.4): equivocation — two different headers signed by one key on one parent — and a
 * signed header whose defect shows from the header alone. Anyone may post it; the offender loses its stake and every
 * immature reward, the reporter earns a tenth of the stake, the rest is burnt. Evidence that convicts nobody — two
 * copies of one header, headers on different parents or by different keys, headers signed for another chain, a
 * header without a defect — is refused and changes nothing; a second slash of the same offender finds nothing left.
 */
class SlashEvidenceTest {
    private static final Ed25519.KeyPair POSTER = AuditScenario.key(1);
    private static final Ed25519.KeyPair MINER = AuditScenario.key(2);
    private static final Ed25519.KeyPair REPORTER = AuditScenario.key(3);
    private static final List<Ed25519.KeyPair> EVERYONE = List.of(POSTER, MINER, REPORTER);
    private static final Bytes32 OTHER_CHAIN = Bytes32.fromHex("b8".repeat(32));

    @Test
    void equivocationSlashesTheSignerAndPaysTheReporterATenthOfTheStake() {
        AuditScenario chain = mined();
        long coins = chain.coins(EVERYONE);
        long reporterBefore = chain.state.account(AuditScenario.id(REPORTER)).balance();
        BlockHeader first = header(chain, MINER, AuditScenario.CHAIN, chain.tip, 1_000);
        BlockHeader second = header(chain, MINER, AuditScenario.CHAIN, chain.tip, 1_001);
        var slash = chain.tx(REPORTER, new Slash(Slash.Evidence.EQUIVOCATION, first.encode(), second.encode()));
        TxOutcome outcome = chain.apply(slash);
        assertThat(outcome.isApplied()).as(outcome.toString()).isTrue();
        chain.block(REPORTER, 1, slash);
        assertThat(chain.staked(MINER)).isZero();
        assertThat(chain.immature(MINER)).isZero();
        long bounty = AuditScenario.STAKE / AuditScenario.AUDITS.evidenceBountyShare();
        assertThat(chain.state.account(AuditScenario.id(REPORTER)).balance())
                .isEqualTo(reporterBefore - slash.fee() + bounty);
        assertThat(chain.state.burnt()).isEqualTo(AuditScenario.STAKE - bounty + 2 * AuditScenario.SUBSIDY);
        assertThat(chain.coins(EVERYONE)).isEqualTo(coins + AuditScenario.SUBSIDY);

        var again = chain.tx(REPORTER, new Slash(Slash.Evidence.EQUIVOCATION, second.encode(), first.encode()));
        assertThat(chain.apply(again).refusal()).isEqualTo(TxRefusal.NOTHING_TO_SLASH);
    }

    @Test
    void evidenceThatConvictsNobodyIsRefusedAndChangesNothing() {
        AuditScenario chain = mined();
        Bytes32 root = StateRoot.of(chain.state);
        BlockHeader first = header(chain, MINER, AuditScenario.CHAIN, chain.tip, 1_000);
        List<Slash> refused = List.of(
                new Slash(Slash.Evidence.EQUIVOCATION, first.encode(), first.encode()),
                new Slash(Slash.Evidence.EQUIVOCATION, first.encode(),
                        header(chain, MINER, AuditScenario.CHAIN, chain.blockAt(1), 1_001).encode()),
                new Slash(Slash.Evidence.EQUIVOCATION, first.encode(),
                        header(chain, REPORTER, AuditScenario.CHAIN, chain.tip, 1_001).encode()),
                new Slash(Slash.Evidence.EQUIVOCATION,
                        header(chain, MINER, OTHER_CHAIN, chain.tip, 1_000).encode(),
                        header(chain, MINER, OTHER_CHAIN, chain.tip, 1_001).encode()),
                new Slash(Slash.Evidence.INVALID_HEADER, first.encode(), new byte[0]),
                new Slash(Slash.Evidence.EQUIVOCATION, new byte[] {1, 2, 3}, first.encode()));
        for (Slash slash : refused) {
            TxOutcome outcome = chain.apply(chain.tx(REPORTER, slash));
            assertThat(outcome.refusal()).as(outcome.detail()).isEqualTo(TxRefusal.EVIDENCE_INVALID);
            assertThat(outcome.detail()).isNotEmpty();
        }
        assertThat(StateRoot.of(chain.state)).isEqualTo(root);
        assertThat(chain.staked(MINER)).isEqualTo(AuditScenario.STAKE);
    }

    @Test
    void aSignedHeaderWhoseWinnerWasNotTrainedOnItsParentIsEvidence() {
        AuditScenario chain = mined();
        AuditScenario.Segment segment = chain.train(MINER, 2, i -> chain.blockAt(1),
                java.util.function.UnaryOperator.identity(), -1);
        BlockHeader stale = BlockHeader.sign(MINER, AuditScenario.CHAIN, chain.height + 1, chain.tip, 1_000,
                AuditScenario.BITS, chain.tip, chain.tip, chain.taskId, winning(chain, segment.proof(), MINER));
        TxOutcome outcome = chain.apply(chain.tx(REPORTER, new Slash(Slash.Evidence.INVALID_HEADER,
                stale.encode(), new byte[0])));
        assertThat(outcome.isApplied()).as(outcome.toString()).isTrue();
    }

    /** A chain on which the miner has mined two blocks (two immature rewards) on top of the reporter's first. */
    private static AuditScenario mined() {
        AuditScenario chain = new AuditScenario(POSTER, MINER, REPORTER);
        chain.block(REPORTER, 1);
        chain.block(MINER, 1);
        chain.block(MINER, 1);
        return chain;
    }

    /** A header by {@code key} for {@code chainId} on {@code parent} with a fresh segment whose ticket wins. */
    private static BlockHeader header(AuditScenario chain, Ed25519.KeyPair key, Bytes32 chainId, Bytes32 parent,
                                      long timestamp) {
        AuditScenario.Segment segment = chain.train(key, 2, i -> parent,
                java.util.function.UnaryOperator.identity(), -1);
        return BlockHeader.sign(key, chainId, chain.height + 1, parent, timestamp, AuditScenario.BITS, chain.tip,
                chain.tip, chain.taskId, winning(chain, segment.proof(), key));
    }

    /** The proof with its smallest winning ticket index (every header here is otherwise valid). */
    private static MiningProof winning(AuditScenario chain, MiningProof proof, Ed25519.KeyPair key) {
        int j = Tickets.firstWinning(AuditScenario.CHAIN, proof.winner(), AuditScenario.id(key),
                CompactTarget.decode(AuditScenario.BITS));
        assertThat(j).as("a winning ticket at an easy target").isNotNegative();
        return new MiningProof(proof.segmentRoot(), proof.length(), proof.startState(), proof.winner(), proof.path(),
                j);
    }
}
