package org.pouw.chain.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pouw.chain.tx.Anchor;
import org.pouw.chain.tx.BuyTickets;
import org.pouw.chain.tx.StakeRole;
import org.pouw.chain.tx.Transaction;
import org.pouw.chain.tx.Transfer;
import org.pouw.chain.tx.TxBody;
import org.pouw.chain.tx.Unstake;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;

class TransactionRulesTest {
    private static final Bytes32 CHAIN = Bytes32.fromHex("c0".repeat(32));
    private static final Ed25519.KeyPair ALICE = Ed25519.KeyPair.fromPrivateKey(new byte[32]);
    private static final Bytes32 ALICE_KEY = Bytes32.of(ALICE.publicKey());
    private static final Bytes32 BOB = Bytes32.fromHex("0b".repeat(32));
    private static final ChainParameters PARAMETERS = new ChainParameters(10, 50);

    private final TransactionRules rules = new TransactionRules(CHAIN, PARAMETERS);
    private StateLayer state;

    @BeforeEach
    void fundAlice() {
        state = StateLayer.empty();
        state.putAccount(ALICE_KEY, new Account(1_000, 0));
    }

    private static Transaction tx(long nonce, long fee, TxBody body) {
        return Transaction.sign(ALICE, CHAIN, nonce, fee, new byte[0], body);
    }

    @Test
    void aTransferMovesTheAmountAndTakesTheFee() {
        TxOutcome outcome = rules.apply(state, tx(0, 3, new Transfer(BOB, 100)), 1);
        assertThat(outcome).isEqualTo(TxOutcome.applied(3));
        assertThat(state.account(ALICE_KEY)).isEqualTo(new Account(897, 1));
        assertThat(state.account(BOB)).isEqualTo(new Account(100, 0));
    }

    @Test
    void aReplayedTransactionIsRefusedAndChangesNothing() {
        Transaction transfer = tx(0, 1, new Transfer(BOB, 100));
        assertThat(rules.apply(state, transfer, 1).isApplied()).isTrue();
        assertThat(rules.apply(state, transfer, 2)).isEqualTo(TxOutcome.refused(TxRefusal.NONCE_USED));
        assertThat(state.account(BOB).balance()).isEqualTo(100);
        assertThat(state.account(ALICE_KEY)).isEqualTo(new Account(899, 1));
    }

    @Test
    void doubleSpendsAreRefused() {
        // two transactions with one nonce: only the first applies
        assertThat(rules.apply(state, tx(0, 0, new Transfer(BOB, 900)), 1).isApplied()).isTrue();
        Bytes32 carol = Bytes32.fromHex("0c".repeat(32));
        assertThat(rules.apply(state, tx(0, 0, new Transfer(carol, 900)), 1).refusal()).isEqualTo(TxRefusal.NONCE_USED);
        // the next nonce cannot spend what is already gone
        assertThat(rules.apply(state, tx(1, 0, new Transfer(carol, 101)), 1).refusal())
                .isEqualTo(TxRefusal.INSUFFICIENT_FUNDS);
        assertThat(state.account(carol)).isEqualTo(Account.EMPTY);
    }

    @Test
    void aNonceGapAndTheFeeAloneAreChecked() {
        assertThat(rules.apply(state, tx(1, 0, new Transfer(BOB, 1)), 1).refusal()).isEqualTo(TxRefusal.NONCE_GAP);
        assertThat(rules.apply(state, tx(0, 1_001, new Anchor(BOB, 0)), 1).refusal())
                .isEqualTo(TxRefusal.INSUFFICIENT_FUNDS);
        assertThat(state.account(ALICE_KEY)).isEqualTo(new Account(1_000, 0));
    }

    @Test
    void aTransactionForAnotherChainIsRefused() {
        Transaction foreign = Transaction.sign(ALICE, Bytes32.fromHex("c1".repeat(32)), 0, 0, new byte[0],
                new Transfer(BOB, 1));
        assertThat(rules.apply(state, foreign, 1).refusal()).isEqualTo(TxRefusal.BAD_SIGNATURE);
        assertThat(state.account(BOB)).isEqualTo(Account.EMPTY);
    }

    @Test
    void balancesNeverWrap() {
        state.putAccount(BOB, new Account(Long.MAX_VALUE - 5, 0));
        assertThat(rules.apply(state, tx(0, 0, new Transfer(BOB, 6)), 1).refusal())
                .isEqualTo(TxRefusal.AMOUNT_OVERFLOW);
        assertThat(state.account(ALICE_KEY)).isEqualTo(new Account(1_000, 0));
    }

    @Test
    void boughtStakeCountsOnlyAfterTheActivationDelay() {
        assertThat(rules.apply(state, tx(0, 0, new BuyTickets(StakeRole.MINER, 400)), 100).isApplied()).isTrue();
        assertThat(state.account(ALICE_KEY).balance()).isEqualTo(600);
        assertThat(state.stake(ALICE_KEY).activeAt(109)).isZero();
        assertThat(state.stake(ALICE_KEY).activeAt(110)).isEqualTo(400);
    }

    @Test
    void unstakedCoinsStopCountingAtOnceAndReturnAfterTheUnbondingDelay() {
        rules.apply(state, tx(0, 0, new BuyTickets(StakeRole.MINER, 400)), 100);
        assertThat(rules.apply(state, tx(1, 0, new Unstake(StakeRole.MINER, 500)), 120).refusal())
                .isEqualTo(TxRefusal.INSUFFICIENT_STAKE);
        assertThat(rules.apply(state, tx(1, 0, new Unstake(StakeRole.MINER, 300)), 120).isApplied()).isTrue();
        assertThat(state.stake(ALICE_KEY).activeAt(120)).isEqualTo(100);
        assertThat(rules.spendable(state, ALICE_KEY, 169)).isEqualTo(600);
        assertThat(rules.spendable(state, ALICE_KEY, 170)).isEqualTo(900);
        // the returned coins can be spent once the wait is over, and only then
        assertThat(rules.apply(state, tx(2, 0, new Transfer(BOB, 700)), 169).refusal())
                .isEqualTo(TxRefusal.INSUFFICIENT_FUNDS);
        assertThat(rules.apply(state, tx(2, 0, new Transfer(BOB, 700)), 170).isApplied()).isTrue();
        assertThat(state.account(ALICE_KEY).balance()).isEqualTo(200);
        assertThat(state.stake(ALICE_KEY).unbonding()).isZero();
    }

    /** Unbonded stake waits for the unbonding delay after the key's last obligation too (docs/chain.md §5.4). */
    @Test
    void unbondingWaitsForTheLastObligation() {
        rules.apply(state, tx(0, 0, new BuyTickets(StakeRole.MINER, 400)), 100);
        rules.apply(state, tx(1, 0, new Unstake(StakeRole.MINER, 400)), 120);
        state.putLastObligation(ALICE_KEY, 150);
        assertThat(rules.spendable(state, ALICE_KEY, 170)).isEqualTo(600);
        assertThat(rules.spendable(state, ALICE_KEY, 199)).isEqualTo(600);
        assertThat(rules.spendable(state, ALICE_KEY, 200)).isEqualTo(1_000);
    }
}
