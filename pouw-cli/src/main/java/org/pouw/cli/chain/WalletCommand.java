package org.pouw.cli.chain;

import java.util.concurrent.Callable;
import org.pouw.chain.tx.Transaction;
import org.pouw.cli.ClientOptions;
import org.pouw.cli.ExitCodes;
import org.pouw.client.PouwClient;
import org.pouw.client.chain.ChainAccount;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pouw wallet address|balance|send|stake|unstake}: your account on the chain (docs/chain.md §7), named by the
 * did:key of your key file. Transactions are built and signed here, over the chain id the node's genesis hashes to,
 * with the nonce the node's state and mempool give; the node only relays them.
 */
@Command(name = "wallet", mixinStandardHelpOptions = true,
        description = "Your account on the chain: address, balance, transfers and miner stake.",
        subcommands = {WalletCommand.Address.class, WalletCommand.Balance.class, WalletCommand.Send.class,
                WalletCommand.Stake.class, WalletCommand.UnstakeCoins.class})
public final class WalletCommand {
    private WalletCommand() {
    }

    @Command(name = "address", description = "Print your chain address: the did:key of your key file.")
    static final class Address implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Override
        public Integer call() {
            Ed25519.KeyPair key = options.loadKey();
            ShownFields shown = new ShownFields().text("did", key.did().toString())
                    .text("key", Bytes32.of(key.publicKey()).hex()).text("file", options.keyFile().toString());
            options.printer().print(shown.json(), key.did().toString());
            return ExitCodes.OK;
        }
    }

    @Command(name = "balance", description = "Balance, nonce, stake and immature rewards of your account (or DID's).")
    static final class Balance implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Parameters(arity = "0..1", paramLabel = "DID", description = "the account; default: the did of --key")
        String did;

        @Override
        public Integer call() {
            Bytes32 key = did != null ? AccountKeys.parse("DID", did) : Bytes32.of(options.loadKey().publicKey());
            try (PouwClient client = options.anonymousClient()) {
                ShownFields shown = view(key, new ChainNode(client).account(key));
                options.printer().print(shown.json(), shown.humanText());
            }
            return ExitCodes.OK;
        }

        static ShownFields view(Bytes32 key, ChainAccount account) {
            ShownFields shown = new ShownFields().text("did", AccountKeys.did(key))
                    .number("balance", account.balance())
                    .number("nonce", account.nonce())
                    .number("stake", account.stake());
            if (account.stakePending() > 0) {
                shown.number("stake_pending", account.stakePending()).number("stake_active_from",
                        account.stakeActiveFrom());
            }
            if (account.unbonding() > 0) {
                shown.number("unbonding", account.unbonding()).number("unbonding_until", account.unbondingUntil());
            }
            return shown.number("immature", account.immature());
        }
    }

    /**
     * What send, stake and unstake share: your key and the node, the transaction options and an amount of base units,
     * signed into one transaction by {@link WalletFlow}. A command's own input is checked first, before anything is
     * asked of the node.
     */
    abstract static class AmountCommand implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Mixin
        TxOptions tx;

        @Option(names = "--amount", required = true, paramLabel = "UNITS",
                description = "base units to ${COMMAND-NAME}")
        long amount;

        @Override
        public final Integer call() throws InterruptedException {
            Build build = prepare();
            return WalletFlow.run(options, tx, memo(), build, described());
        }

        /** Checks the command's own options and says how to build its transaction. */
        abstract Build prepare();

        /** The bytes the chain carries with the transaction and never reads: none unless the command takes a memo. */
        byte[] memo() {
            return new byte[0];
        }

        /** The transaction in words, for what the command prints. */
        abstract String described();
    }

    @Command(name = "send", description = "Transfer coins on the chain to another did:key.")
    static final class Send extends AmountCommand {
        @Option(names = "--to", required = true, paramLabel = "DID", description = "the receiving did:key")
        String to;

        @Option(names = "--memo", paramLabel = "TEXT",
                description = "up to 80 bytes of text the chain carries with the transfer and never reads")
        String memo;

        @Override
        Build prepare() {
            Bytes32 receiver = AccountKeys.parse("--to", to);
            return (wallet, nonce) -> wallet.transfer(nonce, receiver, amount);
        }

        @Override
        byte[] memo() {
            return WalletTransactions.memo(memo);
        }

        @Override
        String described() {
            return "a transfer of " + amount + " to " + to;
        }
    }

    @Command(name = "stake", description = "Lock coins as miner stake (buy_tickets); it counts after the activation"
            + " delay.")
    static final class Stake extends AmountCommand {
        @Override
        Build prepare() {
            return (wallet, nonce) -> wallet.stake(nonce, amount);
        }

        @Override
        String described() {
            return "a stake of " + amount;
        }
    }

    @Command(name = "unstake", description = "Start unbonding miner stake; it stops counting at once and returns"
            + " to the balance after the unbonding delay.")
    static final class UnstakeCoins extends AmountCommand {
        @Override
        Build prepare() {
            return (wallet, nonce) -> wallet.unstake(nonce, amount);
        }

        @Override
        String described() {
            return "an unstake of " + amount;
        }
    }

    /** One signed transaction from the wallet: what it is, given the wallet and the nonce. */
    interface Build {
        Transaction with(WalletTransactions wallet, long nonce);
    }
}
