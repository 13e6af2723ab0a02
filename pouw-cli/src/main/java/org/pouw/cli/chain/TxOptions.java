package org.pouw.cli.chain;

import java.time.Duration;
import picocli.CommandLine.Option;

/** What every command that sends a chain transaction shares: the fee, and whether to wait for a block. */
final class TxOptions {
    @Option(names = "--fee", paramLabel = "UNITS", defaultValue = "" + WalletTransactions.DEFAULT_FEE,
            description = "transaction fee in base units, paid to the block's miner (default ${DEFAULT-VALUE})")
    long fee;

    @Option(names = "--wait", description = "wait until a block includes the transaction and print its height")
    boolean await;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "with --wait: give up after this long (default ${DEFAULT-VALUE})")
    long timeoutSeconds;

    Duration timeout() {
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("--timeout: must be >= 1 second, got " + timeoutSeconds);
        }
        return Duration.ofSeconds(timeoutSeconds);
    }
}
