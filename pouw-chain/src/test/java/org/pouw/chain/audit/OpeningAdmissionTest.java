package org.pouw.chain.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.pouw.chain.mempool.Mempool;
import org.pouw.chain.mempool.MempoolAdmission;
import org.pouw.chain.mempool.MempoolRefusal;
import org.pouw.chain.net.OpeningAdmission;
import org.pouw.chain.state.AuditBlockRules;
import org.pouw.chain.state.TxOutcome;
import org.pouw.chain.tx.AuditOpen;
import org.pouw.chain.tx.Transaction;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;

/**
 * {@code audit_open} spam with valid signatures (issue 20's hostile peers; docs/network.md §4, "Openings"): every
 * opening here is signed by its sender for this chain, and each would cost a replay in the mempool. The admission lets
 * through only openings that pass the cheap checks, and at most {@link OpeningAdmission#MAX_REPLAYS_PER_AUDIT} of one
 * audit; the mempool behind it is the real one, and the tests count what reaches it.
 */
class OpeningAdmissionTest {
    private static final Ed25519.KeyPair POSTER = AuditScenario.key(1);
    private static final Ed25519.KeyPair MINER = AuditScenario.key(2);
    private static final Ed25519.KeyPair OTHER = AuditScenario.key(3);

    private final AuditScenario chain = new AuditScenario(POSTER, MINER, OTHER);
    private final Mempool pool;
    private final OpeningAdmission admission = new OpeningAdmission();
    private final List<Transaction> replayed = new ArrayList<>();

    OpeningAdmissionTest() {
        chain.block(MINER, 6);      // audited at height 1 ...
        chain.block(OTHER, 1);
        chain.block(OTHER, 1);      // ... and challenged by now
        pool = new Mempool(chain.transactions, 64, 64, new AuditBlockRules(AuditScenario.CHAIN,
                AuditScenario.AUDITS));
    }

    private Function<Transaction, Optional<String>> precheck() {
        return tx -> Optional.ofNullable(chain.transactions.precheckOpening(chain.state, tx, chain.height + 1))
                .map(TxOutcome::toString);
    }

    /** What a node does with a relayed opening: the admission, then (if admitted) the mempool, which replays it. */
    private OpeningAdmission.Verdict relay(Transaction tx) {
        OpeningAdmission.Verdict verdict = admission.admit(tx, precheck());
        if (verdict.admitted()) {
            replayed.add(tx);
            MempoolAdmission added = pool.add(tx, chain.state, chain.height + 1);
            admission.replayed(tx, added.isAccepted() ? OpeningAdmission.Replay.TAKEN
                    : added.refusal() == MempoolRefusal.INVALID ? OpeningAdmission.Replay.FAILED
                    : OpeningAdmission.Replay.NOT_REPLAYED);
        }
        return verdict;
    }

    private Transaction signed(Ed25519.KeyPair key, long nonce, long fee, int variant, AuditOpen body) {
        return Transaction.sign(key, AuditScenario.CHAIN, nonce, fee, new byte[] {(byte) variant}, body);
    }

    @Test
    void theAuditedMinersReSignedVariantsGetOneReplayBetweenThem() {
        AuditOpen honest = chain.opening(1);
        long nonce = chain.state.account(AuditScenario.id(MINER)).nonce();
        Transaction first = signed(MINER, nonce, 1, 0, honest);
        assertThat(relay(first).admitted()).isTrue();
        assertThat(pool.contains(first)).isTrue();

        // 30 more openings of the same audit, each with a valid signature and its own id, each paying enough more to
        // replace the one before: the mempool alone would replay every one of them
        Transaction variant = signed(MINER, nonce, 1_000, 1, honest);
        assertThat(pool.add(variant, chain.state.child(), chain.height + 1).isAccepted())
                .as("without the admission, a fee-bumped variant is replayed and replaces the first").isTrue();
        pool.retarget(chain.state, chain.height + 1, List.of());
        for (int i = 2; i < 32; i++) {
            OpeningAdmission.Verdict verdict = relay(signed(MINER, nonce, 1_000L * i * i, i, honest));
            assertThat(verdict.admitted()).isFalse();
            assertThat(verdict.refusal()).contains("already has an opening taken");
        }
        assertThat(replayed).containsExactly(first);
    }

    @Test
    void aTryRefusedBeforeItsReplayIsGivenBackAndTwoFailedReplaysEndTheAudit() {
        AuditOpen honest = chain.opening(1);
        long nonce = chain.state.account(AuditScenario.id(MINER)).nonce();
        // relayed ahead of its sender's earlier transaction: the pool refuses the gap before any replay, so the
        // admission gives the try back, however often it happens
        for (int i = 0; i < 20; i++) {
            Transaction early = signed(MINER, nonce + 1, 1, i, honest);
            assertThat(relay(early).admitted()).isTrue();
            assertThat(pool.contains(early)).isFalse();
        }
        Transaction onTime = signed(MINER, nonce, 1, 99, honest);
        assertThat(relay(onTime).admitted()).as("the honest opening still has its replays").isTrue();
        assertThat(pool.contains(onTime)).isTrue();

        // openings whose replays failed spend the audit's replays: after two, the next is refused before its replay
        AuditScenario other = new AuditScenario(POSTER, MINER, OTHER);
        other.block(MINER, 6);
        other.block(OTHER, 1);
        other.block(OTHER, 1);
        OpeningAdmission gate = new OpeningAdmission();
        Function<Transaction, Optional<String>> passes = tx -> Optional.empty();
        for (int i = 0; i < OpeningAdmission.MAX_REPLAYS_PER_AUDIT; i++) {
            Transaction failing = signed(MINER, nonce, 1 + i, i, other.opening(1));
            assertThat(gate.admit(failing, passes).admitted()).isTrue();
            gate.replayed(failing, OpeningAdmission.Replay.FAILED);
        }
        OpeningAdmission.Verdict third = gate.admit(signed(MINER, nonce, 9, 9, other.opening(1)), passes);
        assertThat(third.admitted()).isFalse();
        assertThat(third.refusal()).contains("replayed 2 times already");
        assertThat(gate.admit(signed(MINER, nonce, 9, 9, new AuditOpen(2, honest.challenge(), honest.windows())),
                passes).admitted()).as("another audit has its own replays").isTrue();
    }

    @Test
    void openingsThatFailACheapCheckNeverReachTheReplay() {
        AuditOpen honest = chain.opening(1);
        long minerNonce = chain.state.account(AuditScenario.id(MINER)).nonce();
        long otherNonce = chain.state.account(AuditScenario.id(OTHER)).nonce();
        List<Transaction> spam = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            // another key's opening of the miner's audit: only the audited miner may open it
            spam.add(signed(OTHER, otherNonce, 1, i, honest));
            // an audit that does not exist
            spam.add(signed(MINER, minerNonce, 1, i, new AuditOpen(2 + i, honest.challenge(), honest.windows())));
            // another challenge than this branch's
            spam.add(signed(MINER, minerNonce, 1, i, new AuditOpen(1, Bytes32.fromHex("5a".repeat(32)),
                    honest.windows())));
            // not the challenged steps: a window short
            spam.add(signed(MINER, minerNonce, 1, i, new AuditOpen(1, honest.challenge(),
                    honest.windows().subList(0, honest.windows().size() - 1))));
        }
        // and a signature that does not verify: the honest opening signed for another chain
        spam.add(Transaction.sign(MINER, Bytes32.fromHex("01".repeat(32)), minerNonce, 1, new byte[0], honest));
        for (Transaction tx : spam) {
            OpeningAdmission.Verdict verdict = relay(tx);
            assertThat(verdict.admitted()).as(tx.toString()).isFalse();
            assertThat(verdict.refusal()).startsWith("refused before its replay");
        }
        assertThat(replayed).isEmpty();
        assertThat(pool.pending()).isEmpty();
        // the honest opening still goes through afterwards
        assertThat(relay(signed(MINER, minerNonce, 1, 0, honest)).admitted()).isTrue();
        assertThat(pool.pending()).hasSize(1);
    }
}
