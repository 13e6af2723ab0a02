package org.pouw.cli.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pouw.cli.chain.ChainCliFixtures.CHAIN;
import static org.pouw.cli.chain.ChainCliFixtures.OTHER;
import static org.pouw.cli.chain.ChainCliFixtures.POSTER;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.pouw.chain.tx.BuyTickets;
import org.pouw.chain.tx.StakeRole;
import org.pouw.chain.tx.Transaction;
import org.pouw.chain.tx.Transfer;
import org.pouw.chain.tx.TxKind;
import org.pouw.chain.tx.Unstake;
import org.pouw.ml.wire.Bytes32;

/**
 * Every wallet transaction, decoded from the bytes that would be posted: its kind, sender, nonce, fee, memo and body
 * are what was asked, and its signature holds for the chain id it was built for and for no other. Bad values are
 * refused naming their option, before anything is signed.
 */
class WalletTransactionsTest {
    private static final Bytes32 RECEIVER = Bytes32.of(OTHER.publicKey());
    private static final Bytes32 ANOTHER_CHAIN = Bytes32.of(new byte[32]);

    private final WalletTransactions wallet = new WalletTransactions(POSTER, CHAIN, 3,
            "rent".getBytes(StandardCharsets.UTF_8));

    @Test
    void aTransferCarriesWhatWasAskedAndIsSignedForTheChain() {
        Transaction decoded = Transaction.decode(wallet.transfer(4, RECEIVER, 1_500).encode());

        assertThat(decoded.kind()).isEqualTo(TxKind.TRANSFER);
        assertThat(decoded.sender()).isEqualTo(Bytes32.of(POSTER.publicKey()));
        assertThat(decoded.nonce()).isEqualTo(4);
        assertThat(decoded.fee()).isEqualTo(3);
        assertThat(new String(decoded.data(), StandardCharsets.UTF_8)).isEqualTo("rent");
        assertThat(decoded.body()).isEqualTo(new Transfer(RECEIVER, 1_500));
        assertThat(decoded.signatureValid(CHAIN)).isTrue();
        assertThat(decoded.signatureValid(ANOTHER_CHAIN)).as("worthless on another chain").isFalse();
        assertThat(WalletTransactions.cost(decoded)).isEqualTo(1_503);
    }

    @Test
    void stakeAndUnstakeLockAndUnlockMinerStake() {
        Transaction stake = Transaction.decode(wallet.stake(0, 700).encode());
        Transaction unstake = Transaction.decode(wallet.unstake(1, 200).encode());

        assertThat(stake.body()).isEqualTo(new BuyTickets(StakeRole.MINER, 700));
        assertThat(unstake.body()).isEqualTo(new Unstake(StakeRole.MINER, 200));
        assertThat(stake.signatureValid(CHAIN)).isTrue();
        assertThat(unstake.signatureValid(CHAIN)).isTrue();
        assertThat(unstake.nonce()).isEqualTo(1);
        assertThat(WalletTransactions.cost(stake)).as("stake leaves the balance").isEqualTo(703);
        assertThat(WalletTransactions.cost(unstake)).as("unstaking costs only the fee").isEqualTo(3);
    }

    @Test
    void theDefaultFeeIsOneBaseUnitAndNoMemo() {
        Transaction tx = new WalletTransactions(POSTER, CHAIN, WalletTransactions.DEFAULT_FEE).stake(0, 10);
        assertThat(tx.fee()).isEqualTo(1);
        assertThat(tx.data()).isEmpty();
    }

    @Test
    void badValuesAreRefusedNamingTheirOption() {
        assertThatThrownBy(() -> wallet.transfer(0, RECEIVER, 0)).hasMessageStartingWith("--amount:");
        assertThatThrownBy(() -> wallet.transfer(0, RECEIVER, -5)).hasMessageStartingWith("--amount:")
                .hasMessageContaining("-5");
        assertThatThrownBy(() -> wallet.stake(0, 0)).hasMessageStartingWith("--amount:");
        assertThatThrownBy(() -> wallet.unstake(0, -1)).hasMessageStartingWith("--amount:");
        assertThatThrownBy(() -> wallet.transfer(0, null, 5)).hasMessageStartingWith("--to:");
        assertThatThrownBy(() -> new WalletTransactions(POSTER, CHAIN, -1)).hasMessageStartingWith("--fee:");
        assertThatThrownBy(() -> new WalletTransactions(POSTER, CHAIN, 1, new byte[81]))
                .hasMessageStartingWith("--memo:");
        assertThat(new WalletTransactions(POSTER, CHAIN, 1, new byte[80]).transfer(0, RECEIVER, 1).data())
                .hasSize(80);
    }

    @Test
    void accountsAreDidKeysAndAnythingElseIsRefusedNamingTheOption() {
        String did = AccountKeys.did(RECEIVER);
        assertThat(did).startsWith("did:key:z6Mk").isEqualTo(OTHER.did().toString());
        assertThat(AccountKeys.parse("--to", did)).isEqualTo(RECEIVER);
        assertThatThrownBy(() -> AccountKeys.parse("--to", RECEIVER.hex())).hasMessageStartingWith("--to:");
        assertThatThrownBy(() -> AccountKeys.parse("--to", "did:key:z6MkNotBase58!")).hasMessageStartingWith("--to:");
        assertThatThrownBy(() -> AccountKeys.parse("--to", did.substring(0, did.length() - 3)))
                .hasMessageStartingWith("--to:");
        assertThatThrownBy(() -> AccountKeys.parse("DID", " ")).hasMessageStartingWith("DID:");
    }
}
