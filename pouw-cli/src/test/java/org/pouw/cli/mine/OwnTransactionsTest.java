package org.pouw.cli.mine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pouw.chain.tx.FinalModelCommit;
import org.pouw.chain.tx.FinalModelReveal;
import org.pouw.chain.tx.Transaction;
import org.pouw.chain.tx.TxBody;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;

/**
 * The miner's bookkeeping of its posted transactions: a due commit takes the nonce after pending openings instead of
 * waiting for them, and one the miner's own mempool dropped (a reorg made it invalid) is forgotten at once with every
 * later nonce, not after {@value OwnTransactions#STALE_BLOCKS} blocks.
 */
class OwnTransactionsTest {
    private static final Ed25519.KeyPair KEY = FastChain.key(1);
    private static final Bytes32 CHAIN = Bytes32.of(new byte[32]);
    private static final Bytes32 TASK = Bytes32.of(filled(7));

    private final OwnTransactions own = new OwnTransactions();
    private final Set<Transaction> held = new HashSet<>();

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private Transaction post(long nonce, TxBody body, long height) {
        Transaction tx = Transaction.sign(KEY, CHAIN, nonce, 1, new byte[0], body);
        own.sent(tx, height);
        held.add(tx);
        return tx;
    }

    /** A stand-in for an earlier pending transaction (an opening's body needs a trained segment). */
    private static FinalModelReveal opening(long height) {
        return new FinalModelReveal(Bytes32.of(filled((int) height)), Bytes32.of(filled(3)), new byte[] {1});
    }

    @Test
    void aDueCommitTakesTheNonceAfterPendingOpeningsAndIsNotSignedTwice() {
        post(5, opening(10), 20);
        post(6, opening(11), 20);
        own.settle(5, 21, held::contains);

        assertThat(own.nextNonce(5)).isEqualTo(7);
        assertThat(own.carries(opening(10))).isTrue();
        assertThat(own.carries(opening(12))).isFalse();
        FinalModelCommit commit = new FinalModelCommit(TASK, Bytes32.of(filled(9)));
        assertThat(own.carries(commit)).isFalse();
        post(7, commit, 21);
        assertThat(own.carries(new FinalModelCommit(TASK, Bytes32.of(filled(8))))).isTrue();
        assertThat(own.carries(new FinalModelReveal(TASK, Bytes32.of(filled(1)), new byte[0]))).isFalse();
        assertThat(own.carries(new FinalModelCommit(Bytes32.of(filled(10)), Bytes32.of(filled(9))))).isFalse();

        own.settle(6, 22, held::contains);   // the first opening was mined
        assertThat(own.pending()).extracting(sent -> sent.tx().nonce()).containsExactly(6L, 7L);
        assertThat(own.nextNonce(6)).isEqualTo(8);
    }

    @Test
    void oneTheMempoolDroppedIsForgottenAtOnceWithEveryLaterNonce() {
        post(5, opening(10), 20);
        Transaction dropped = post(6, opening(11), 20);
        post(7, new FinalModelCommit(TASK, Bytes32.of(filled(9))), 20);
        held.remove(dropped);   // a reorg changed its challenge: the miner's own mempool refused it on retarget

        own.settle(5, 20, held::contains);

        assertThat(own.pending()).extracting(sent -> sent.tx().nonce()).containsExactly(5L);
        assertThat(own.nextNonce(5)).isEqualTo(6);
        assertThat(own.carries(opening(11))).isFalse();
    }

    @Test
    void aGapBehindTheChainsNonceForgetsWhatFollowsIt() {
        post(5, opening(10), 20);
        post(7, opening(12), 20);

        own.settle(5, 20, held::contains);

        assertThat(own.pending()).extracting(sent -> sent.tx().nonce()).containsExactly(5L);
    }
}
