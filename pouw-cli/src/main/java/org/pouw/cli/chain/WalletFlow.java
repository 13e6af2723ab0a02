package org.pouw.cli.chain;

import java.util.Locale;
import org.pouw.chain.tx.Transaction;
import org.pouw.chain.tx.Unstake;
import org.pouw.cli.ClientOptions;
import org.pouw.cli.ExitCodes;
import org.pouw.cli.Printer;
import org.pouw.client.PouwClient;
import org.pouw.client.chain.ChainAccount;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;
import tools.jackson.databind.node.ObjectNode;

/**
 * The steps every wallet transaction takes, in an order that sends nothing until the input is known to be good:
 * the options checked by building the transaction once offline, then the chain id from the node's genesis, the nonce
 * from its state and mempool, the funds checked against the account, and only then the signed transaction posted.
 */
final class WalletFlow {
    private static final Bytes32 NO_CHAIN = Bytes32.of(new byte[Bytes32.LENGTH]);

    private WalletFlow() {
    }

    static int run(ClientOptions options, TxOptions tx, byte[] memo, WalletCommand.Build build, String what)
            throws InterruptedException {
        Ed25519.KeyPair key = options.loadKey();
        build.with(new WalletTransactions(key, NO_CHAIN, tx.fee, memo), 0);   // refuses bad options, sends nothing
        if (tx.await) {
            tx.timeout();
        }
        Printer printer = options.printer();
        try (PouwClient client = options.anonymousClient()) {
            ChainNode node = new ChainNode(client);
            WalletTransactions wallet = new WalletTransactions(key, node.chainId(), tx.fee, memo);
            ChainAccount account = node.account(wallet.sender());
            Transaction signed = build.with(wallet, node.nextNonce(wallet.sender(), account));
            checkFunds(signed, account, "--amount");
            ObjectNode result = TxSending.send(node, signed, tx, printer, what);
            if (printer.json()) {
                printer.print(result, "");
            }
        }
        return ExitCodes.OK;
    }

    /**
     * Refuses, naming the option ({@code amountOption}, or {@code --fee} when the fee alone is too much), what the
     * account can not pay on the tip's state. Only when no unbonded coins
     * could be released first: those the node adds to the spendable balance, and this client can not see whether
     * their unlock height has come for the block that will include the transaction.
     */
    static void checkFunds(Transaction tx, ChainAccount account, String amountOption) {
        if (tx.body() instanceof Unstake unstake) {
            long staked = account.stake() + account.stakePending();
            if (unstake.amount() > staked) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: %,d is more than the %,d"
                        + " staked by %s", amountOption, unstake.amount(), staked, account.did()));
            }
        }
        long cost = WalletTransactions.cost(tx);
        if (account.unbonding() == 0 && cost > account.balance()) {
            String option = tx.fee() > account.balance() ? "--fee" : amountOption;
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: the %s needs %,d (fee %,d"
                    + " included) but the balance of %s is %,d", option, TxView.kindName(tx.kind()), cost, tx.fee(),
                    account.did(), account.balance()));
        }
    }
}
