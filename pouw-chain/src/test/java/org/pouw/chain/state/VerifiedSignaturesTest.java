package org.pouw.chain.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pouw.chain.mempool.Mempool;
import org.pouw.chain.tx.Transaction;
import org.pouw.chain.tx.Transfer;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;

/**
 * The signature cache: a signature found valid is not verified again, another signature on the same transaction is
 * (and refused when it does not verify), and a sender's pending run no longer costs a verification per transaction
 * in it at every addition.
 */
class VerifiedSignaturesTest {
    private static final Bytes32 CHAIN = Bytes32.fromHex("c1".repeat(32));
    private static final Ed25519.KeyPair ALICE = Ed25519.KeyPair.fromPrivateKey(new byte[32]);
    private static final Bytes32 DAVE = Bytes32.fromHex("0d".repeat(32));

    private static Transaction pay(long nonce) {
        return Transaction.sign(ALICE, CHAIN, nonce, 1, new byte[0], new Transfer(DAVE, 1));
    }

    @Test
    void aValidSignatureIsVerifiedOnceAndAnotherSignatureOnTheSameTransactionIsVerifiedAndRefused() {
        VerifiedSignatures signatures = new VerifiedSignatures(CHAIN);
        Transaction tx = pay(0);
        for (int i = 0; i < 10; i++) {
            assertThat(signatures.valid(tx)).isTrue();
        }
        assertThat(signatures.verifications()).isEqualTo(1);

        // the same unsigned bytes (so the same id) under another transaction's signature
        Transaction forged = Transaction.decode(withSignatureOf(tx, pay(1)));
        assertThat(forged.id(CHAIN)).isEqualTo(tx.id(CHAIN));
        assertThat(signatures.valid(forged)).isFalse();
        assertThat(signatures.valid(forged)).as("a refusal is never remembered as valid").isFalse();
        assertThat(signatures.verifications()).isEqualTo(3);
        assertThat(signatures.valid(tx)).isTrue();
    }

    @Test
    void aSendersPendingRunIsNotVerifiedAgainAtEveryAddition() {
        TransactionRules rules = new TransactionRules(CHAIN, ChainParameters.DEFAULTS);
        StateLayer tip = TestStates.funded(1_000, ALICE);
        Mempool pool = new Mempool(rules, 100, 64);
        for (long nonce = 0; nonce < 20; nonce++) {
            assertThat(pool.add(pay(nonce), tip, 1).isAccepted()).isTrue();
        }
        assertThat(rules.signatureVerifications()).as("one a transaction, not 1 + 2 + … + 20").isEqualTo(20);
    }

    private static byte[] withSignatureOf(Transaction tx, Transaction other) {
        byte[] encoded = tx.encode();
        byte[] signature = other.signature();
        System.arraycopy(signature, 0, encoded, encoded.length - signature.length, signature.length);
        return encoded;
    }
}
