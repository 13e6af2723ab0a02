package org.pouw.chain.mempool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pouw.chain.state.ChainParameters;
import org.pouw.chain.state.StateLayer;
import org.pouw.chain.state.TestStates;
import org.pouw.chain.state.TransactionRules;
import org.pouw.chain.tx.FinalModelReveal;
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
        assertThat(admission.evicted()).containsExactly(pay(BOB, 1, 7, 1));
        assertThat(pool.size()).isEqualTo(4);
    }

    /**
     * The byte budget: a transfer carrying 80 bytes of data is 242 bytes, a bare one 162. A newcomer that does not fit
     * displaces as many cheaper last-in-run transactions as its bytes need, or is refused with the pool unchanged.
     */
    @Test
    void aPoolOverItsByteBudgetDisplacesCheaperTransactionsOrRefusesByName() {
        Mempool small = new Mempool(rules, 10, 3, 400, null);
        Transaction alice = pay(ALICE, 0, 3, 1);
        Transaction bob = pay(BOB, 0, 2, 1);
        assertThat(alice.encode()).hasSize(162);
        small.add(alice, tip, 1);
        small.add(bob, tip, 1);
        assertThat(small.bytes()).isEqualTo(324);

        Transaction heavyCheap = Transaction.sign(CAROL, CHAIN, 0, 3, new byte[80], new Transfer(DAVE, 1));
        assertThat(heavyCheap.encode()).hasSize(242);
        MempoolAdmission refused = small.add(heavyCheap, tip, 1);
        assertThat(refused.refusal()).isEqualTo(MempoolRefusal.POOL_BYTES_FULL);
        assertThat(refused.message()).contains("400 bytes");
        assertThat(small.size()).isEqualTo(2);
        assertThat(small.bytes()).isEqualTo(324);
        assertThat(small.contains(alice) && small.contains(bob)).isTrue();

        Transaction heavy = Transaction.sign(CAROL, CHAIN, 0, 9, new byte[80], new Transfer(DAVE, 1));
        MempoolAdmission admitted = small.add(heavy, tip, 1);
        assertThat(admitted.isAccepted()).isTrue();
        assertThat(admitted.evicted()).as("one is not enough room: both go").containsExactlyInAnyOrder(alice, bob);
        assertThat(small.bytes()).isEqualTo(242);
        assertThat(small.size()).isEqualTo(1);
    }

    /** A 4 MiB model reveal in a pool of 1 MiB can never fit: refused by size, before any rule runs. */
    @Test
    void aRevealLargerThanTheWholeBudgetIsRefusedBySize() {
        Mempool small = new Mempool(rules, 10, 3, 1 << 20, null);
        Transaction reveal = Transaction.sign(ALICE, CHAIN, 0, 1_000, new byte[0], new FinalModelReveal(
                Bytes32.fromHex("c1".repeat(32)), Bytes32.fromHex("5a".repeat(32)), new byte[4 << 20]));
        MempoolAdmission refused = small.add(reveal, tip, 1);
        assertThat(refused.refusal()).isEqualTo(MempoolRefusal.POOL_BYTES_FULL);
        assertThat(refused.message()).contains("can never fit").contains(String.valueOf(1 << 20));
        assertThat(small.size()).isZero();
        assertThat(small.bytes()).isZero();
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
