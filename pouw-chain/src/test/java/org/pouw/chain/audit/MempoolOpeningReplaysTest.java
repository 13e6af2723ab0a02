package org.pouw.chain.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.chain.mempool.Mempool;
import org.pouw.chain.state.AuditBlockRules;
import org.pouw.chain.state.StateLayer;
import org.pouw.chain.state.TxOutcome;
import org.pouw.chain.tx.AuditOpen;
import org.pouw.chain.tx.OpenedWindow;
import org.pouw.chain.tx.Transaction;
import org.pouw.chain.tx.Transfer;
import org.pouw.crypto.Ed25519;

/**
 * A pending {@code audit_open} is replayed once (issue 20). The mempool checks a sender's whole run whenever the
 * sender adds a transaction, re-admits everything at every tip move, and the node explains a refusal by applying
 * the run again; each of those applies the opening, and each used to replay every opened window. The counts here are
 * the rules' own ({@code AuditTransactionRules.openingReplays}), over the real mempool and the real replay.
 */
class MempoolOpeningReplaysTest {
    private static final Ed25519.KeyPair POSTER = AuditScenario.key(1);
    private static final Ed25519.KeyPair MINER = AuditScenario.key(2);
    private static final Ed25519.KeyPair OTHER = AuditScenario.key(3);

    private final AuditScenario chain = new AuditScenario(POSTER, MINER, OTHER);
    private final Mempool pool;

    MempoolOpeningReplaysTest() {
        chain.block(MINER, 6);      // audited at height 1 ...
        chain.block(OTHER, 1);
        chain.block(OTHER, 1);      // ... and challenged by now
        pool = new Mempool(chain.transactions, 64, 64, new AuditBlockRules(AuditScenario.CHAIN,
                AuditScenario.AUDITS));
    }

    private long replays() {
        return chain.auditTransactions.openingReplays();
    }

    private static Transaction signed(Ed25519.KeyPair key, long nonce, long fee, int variant,
            org.pouw.chain.tx.TxBody body) {
        return Transaction.sign(key, AuditScenario.CHAIN, nonce, fee, new byte[] {(byte) variant}, body);
    }

    @Test
    void laterTransactionsOfTheSenderTipMovesAndFeeBumpsDoNotReplayAPendingOpeningAgain() {
        AuditOpen honest = chain.opening(1);
        long nonce = chain.state.account(AuditScenario.id(MINER)).nonce();
        Transaction opening = signed(MINER, nonce, 1, 0, honest);
        assertThat(pool.add(opening, chain.state, chain.height + 1).isAccepted()).isTrue();
        assertThat(replays()).as("the opening's own admission replays it").isEqualTo(1);

        for (int i = 1; i <= 5; i++) {
            Transaction transfer = signed(MINER, nonce + i, 1, 0, new Transfer(AuditScenario.id(OTHER), 1));
            assertThat(pool.add(transfer, chain.state, chain.height + 1).isAccepted()).isTrue();
        }
        assertThat(pool.add(signed(MINER, nonce, 1_000, 1, honest), chain.state, chain.height + 1).isAccepted())
                .as("a fee-bumped copy replaces the opening").isTrue();
        chain.block(OTHER, 1);      // the tip moves on without the opening: the pool re-admits all of it
        pool.retarget(chain.state, chain.height + 1, List.of());
        pool.retarget(chain.state, chain.height + 1, List.of());
        assertThat(pool.size()).isEqualTo(6);

        // the node explains a refusal by applying the sender's pending run again (ChainService.reason)
        StateLayer scratch = chain.state.child();
        for (Transaction pending : pool.pending()) {
            assertThat(chain.transactions.apply(scratch, pending, chain.height + 1).isApplied()).isTrue();
        }
        assertThat(replays()).as("five transfers, a fee bump, two tip moves and a replayed run later").isEqualTo(1);
        assertThat(pool.select(10, chain.state, chain.height + 1)).as("the opening still leads a block")
                .first().matches(tx -> tx.body() instanceof AuditOpen);
    }

    @Test
    void aFailedReplayIsRememberedAndStillSlashesEveryTimeItIsApplied() {
        // the honest leaves, but the first window replayed from a state with one bit changed: it does not replay
        AuditOpen honestBody = chain.opening(1);
        List<OpenedWindow> windows = new ArrayList<>(honestBody.windows());
        OpenedWindow first = windows.getFirst();
        byte[] start = first.startState().clone();
        start[start.length - 1] ^= 1;
        windows.set(0, new OpenedWindow(start, first.leaves(), first.leafPaths(), first.batches()));
        AuditOpen failing = new AuditOpen(1, honestBody.challenge(), windows);
        long nonce = chain.state.account(AuditScenario.id(MINER)).nonce();
        long stakedBefore = chain.staked(MINER);
        long[] stakedAfter = new long[3];
        for (int i = 0; i < 3; i++) {
            StateLayer scratch = chain.state.child();
            TxOutcome outcome = chain.transactions.apply(scratch, signed(MINER, nonce, 1 + i, i, failing),
                    chain.height + 1);
            assertThat(outcome.isApplied()).as(outcome.toString()).isTrue();
            var stake = scratch.stake(AuditScenario.id(MINER));
            stakedAfter[i] = stake.active() + stake.pending() + stake.unbonding();
        }
        assertThat(stakedAfter[0]).as("the failed opening slashes its miner").isLessThan(stakedBefore);
        assertThat(stakedAfter).as("alike whether replayed or remembered").containsOnly(stakedAfter[0]);
        assertThat(replays()).isEqualTo(1);

        Transaction honest = signed(MINER, nonce, 1, 0, chain.opening(1));
        assertThat(chain.transactions.apply(chain.state.child(), honest, chain.height + 1).isApplied()).isTrue();
        assertThat(replays()).as("another body of the same audit is judged on its own").isEqualTo(2);
    }
}
