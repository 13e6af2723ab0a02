package org.pouw.chain.mempool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pouw.chain.state.ChainParameters;
import org.pouw.chain.state.StateLayer;
import org.pouw.chain.state.TestStates;
import org.pouw.chain.state.TransactionRules;
import org.pouw.chain.tx.Transaction;
import org.pouw.chain.tx.Transfer;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;

class MempoolTest {
    private static final Bytes32 CHAIN = Bytes32.fromHex("c0".repeat(32));
    private static final Ed25519.KeyPair ALICE = key(1);
    private static final Ed25519.KeyPair BOB = key(2);
    private static final Ed25519.KeyPair CAROL = key(3);
    private static final Bytes32 DAVE = Bytes32.fromHex("0d".repeat(32));

    private final TransactionRules rules = new TransactionRules(CHAIN, ChainParameters.DEFAULTS);
    private StateLayer tip;
    private Mempool pool;

    @BeforeEach
    void fund() {
        tip = TestStates.funded(100, ALICE, BOB, CAROL);
        pool = new Mempool(rules, 4, 3);
    }

    private static Transaction pay(Ed25519.KeyPair from, long nonce, long fee, long amount) {
        return Transaction.sign(from, CHAIN, nonce, fee, new byte[0], new Transfer(DAVE, amount));
    }

    @Test
    void acceptsARunOfNoncesAndRefusesGapsAndUsedNonces() {
        assertThat(pool.add(pay(ALICE, 0, 1, 10), tip, 1).isAccepted()).isTrue();
        assertThat(pool.add(pay(ALICE, 1, 1, 10), tip, 1).isAccepted()).isTrue();
        assertThat(pool.add(pay(ALICE, 3, 1, 10), tip, 1).refusal()).isEqualTo(MempoolRefusal.NONCE_GAP);
        assertThat(pool.add(pay(ALICE, 1, 1, 10), tip, 1).refusal()).isEqualTo(MempoolRefusal.ALREADY_PENDING);
        assertThat(pool.size()).isEqualTo(2);
    }

    /** A run that spends more than the sender has is refused at the transaction that overspends. */
    @Test
    void aRunMustBeSpendableAsAWhole() {
        assertThat(pool.add(pay(ALICE, 0, 0, 60), tip, 1).isAccepted()).isTrue();
        MempoolAdmission second = pool.add(pay(ALICE, 1, 0, 60), tip, 1);
        assertThat(second.refusal()).isEqualTo(MempoolRefusal.INVALID);
        assertThat(second.message()).contains("INSUFFICIENT_FUNDS");
    }

    @Test
    void aReplacementMustPayTenPercentMore() {
        pool.add(pay(ALICE, 0, 20, 10), tip, 1);
        assertThat(pool.add(pay(ALICE, 0, 21, 11), tip, 1).refusal())
                .isEqualTo(MempoolRefusal.REPLACEMENT_UNDERPRICED);
        Transaction better = pay(ALICE, 0, 22, 11);
        MempoolAdmission admission = pool.add(better, tip, 1);
        assertThat(admission.isAccepted()).isTrue();
        assertThat(admission.replaced().fee()).isEqualTo(20);
        assertThat(pool.contains(better)).isTrue();
        assertThat(pool.size()).isEqualTo(1);
    }

    @Test
    void oneSenderCanNotFillThePool() {
        for (int nonce = 0; nonce < 3; nonce++) {
            pool.add(pay(ALICE, nonce, 1, 1), tip, 1);
        }
        assertThat(pool.add(pay(ALICE, 3, 1, 1), tip, 1).refusal()).isEqualTo(MempoolRefusal.SENDER_FULL);
    }

    @Test
    void aFullPoolDisplacesTheCheapestLastTransactionOfAnotherSenderOnlyForMore() {
        pool.add(pay(ALICE, 0, 5, 1), tip, 1);
        pool.add(pay(ALICE, 1, 9, 1), tip, 1);
        pool.add(pay(BOB, 0, 3, 1), tip, 1);
        pool.add(pay(BOB, 1, 7, 1), tip, 1);
        assertThat(pool.add(pay(CAROL, 0, 7, 1), tip, 1).refusal()).isEqualTo(MempoolRefusal.POOL_FULL);
        MempoolAdmission admission = pool.add(pay(CAROL, 0, 8, 1), tip, 1);
        assertThat(admission.isAccepted()).isTrue();
        // Bob's nonce 0 pays least, but only a run's last transaction may go: Bob's nonce 1
        assertThat(admission.evicted()).isEqualTo(pay(BOB, 1, 7, 1));
        assertThat(pool.size()).isEqualTo(4);
    }

    @Test
    void blocksTakeTheBestFeeFirstButEachSendersNoncesInOrder() {
        pool.add(pay(ALICE, 0, 1, 1), tip, 1);
        pool.add(pay(ALICE, 1, 50, 1), tip, 1);
        pool.add(pay(BOB, 0, 10, 1), tip, 1);
        List<Transaction> block = pool.select(10, tip, 1);
        assertThat(block).extracting(Transaction::fee).containsExactly(10L, 1L, 50L);
        assertThat(pool.select(1, tip, 1)).extracting(Transaction::fee).containsExactly(10L);
    }

    /** After a reorg the left block's transactions come back; after a block the included ones go. */
    @Test
    void retargetingDropsWhatWasMinedAndTakesBackWhatAReorgLeft() {
        Transaction mined = pay(ALICE, 0, 1, 10);
        Transaction waiting = pay(ALICE, 1, 1, 10);
        pool.add(mined, tip, 1);
        pool.add(waiting, tip, 1);
        StateLayer afterBlock = tip.child();
        assertThat(rules.apply(afterBlock, mined, 1).isApplied()).isTrue();
        pool.retarget(afterBlock, 2, List.of());
        assertThat(pool.contains(mined)).isFalse();
        assertThat(pool.contains(waiting)).isTrue();
        // the block is reorged away: back to the old state, with the mined transaction handed back
        pool.retarget(tip, 2, List.of(mined));
        assertThat(pool.contains(mined)).isTrue();
        assertThat(pool.contains(waiting)).isTrue();
        assertThat(pool.select(10, tip, 2)).containsExactly(mined, waiting);
    }

    private static Ed25519.KeyPair key(int seed) {
        byte[] secret = new byte[32];
        secret[5] = (byte) seed;
        return Ed25519.KeyPair.fromPrivateKey(secret);
    }
}
