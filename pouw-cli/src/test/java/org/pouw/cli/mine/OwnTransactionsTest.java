package org.pouw.cli.mine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.chain.tx.FinalModelCommit;
import org.pouw.chain.tx.FinalModelReveal;
import org.pouw.chain.tx.Transaction;
import org.pouw.chain.tx.TxBody;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;

/**
 * The miner's bookkeeping of its pending transactions: a due commit takes the nonce after pending openings instead of
 * waiting for them; one the miner's own mempool dropped (a reorg made it invalid) is forgotten at once with every
 * later nonce; and one its mempool took back from a block a reorg disconnected is pending again.
 */
class OwnTransactionsTest {
    private static final Ed25519.KeyPair KEY = FastChain.key(1);
    private static final Bytes32 CHAIN = Bytes32.of(new byte[32]);
    private static final Bytes32 TASK = Bytes32.of(filled(7));

    private final OwnTransactions own = new OwnTransactions();
    private final List<Transaction> held = new ArrayList<>();

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private Transaction post(long nonce, TxBody body) {
        Transaction tx = Transaction.sign(KEY, CHAIN, nonce, 1, new byte[0], body);
        own.sent(tx);
        held.add(tx);
        return tx;
    }

    /** A stand-in for an earlier pending transaction (an opening's body needs a trained segment). */
    private static FinalModelReveal opening(long height) {
        return new FinalModelReveal(Bytes32.of(filled((int) height)), Bytes32.of(filled(3)), new byte[] {1});
    }

    @Test
    void aDueCommitTakesTheNonceAfterPendingOpeningsAndIsNotSignedTwice() {
        post(5, opening(10));
        post(6, opening(11));
        own.settle(5, held);

        assertThat(own.nextNonce(5)).isEqualTo(7);
        assertThat(own.carries(opening(10))).isTrue();
        assertThat(own.carries(opening(12))).isFalse();
        FinalModelCommit commit = new FinalModelCommit(TASK, Bytes32.of(filled(6)), Bytes32.of(filled(9)));
        assertThat(own.carries(commit)).isFalse();
        post(7, commit);
        assertThat(own.carries(new FinalModelCommit(TASK, Bytes32.of(filled(6)), Bytes32.of(filled(8))))).isTrue();
        assertThat(own.carries(new FinalModelReveal(TASK, Bytes32.of(filled(1)), new byte[0]))).isFalse();
        assertThat(own.carries(new FinalModelCommit(Bytes32.of(filled(10)), Bytes32.of(filled(6)), Bytes32.of(filled(9))))).isFalse();

        own.settle(6, held);   // the first opening was mined
        assertThat(own.pending()).extracting(sent -> sent.tx().nonce()).containsExactly(6L, 7L);
        assertThat(own.nextNonce(6)).isEqualTo(8);
    }

    @Test
    void oneTheMempoolDroppedIsForgottenAtOnceWithEveryLaterNonce() {
        post(5, opening(10));
        Transaction dropped = post(6, opening(11));
        post(7, new FinalModelCommit(TASK, Bytes32.of(filled(6)), Bytes32.of(filled(9))));
        held.remove(dropped);   // a reorg changed its challenge: the miner's own mempool refused it on retarget

        own.settle(5, held);

        assertThat(own.pending()).extracting(sent -> sent.tx().nonce()).containsExactly(5L);
        assertThat(own.nextNonce(5)).isEqualTo(6);
        assertThat(own.carries(opening(11))).isFalse();
    }

    @Test
    void aGapBehindTheChainsNonceForgetsWhatFollowsIt() {
        post(5, opening(10));
        post(7, opening(12));

        own.settle(5, held);

        assertThat(own.pending()).extracting(sent -> sent.tx().nonce()).containsExactly(5L);
    }

    @Test
    void oneItsMempoolTookBackFromADisconnectedBlockIsPendingAgain() {
        // an opening of this miner's was mined in a block a reorg disconnected: the mempool took it back, so every
        // node that did holds its nonce; signing something else there at the same fee is REPLACEMENT_UNDERPRICED
        Transaction returned = Transaction.sign(KEY, CHAIN, 5, 1, new byte[0], opening(10));
        held.add(returned);

        own.settle(5, held);

        assertThat(own.pending()).extracting(OwnTransactions.Sent::tx).containsExactly(returned);
        assertThat(own.nextNonce(5)).isEqualTo(6);
        assertThat(own.carries(opening(10))).isTrue();
    }

    @Test
    void forgettingFromANonceDropsItAndEveryLaterOne() {
        post(5, opening(10));
        post(6, opening(11));
        post(7, opening(12));

        own.forgetFrom(6);

        assertThat(own.pending()).extracting(sent -> sent.tx().nonce()).containsExactly(5L);
    }
}
