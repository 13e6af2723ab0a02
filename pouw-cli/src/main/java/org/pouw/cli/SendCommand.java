package org.pouw.cli;

import java.util.UUID;
import java.util.concurrent.Callable;
import org.pouw.client.PouwClient;
import org.pouw.client.ledger.NodeTransfer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pouw send}: a ledger transfer, safe to repeat with the same idempotency key. */
@Command(name = "send", description = "Transfer funds to another account.")
final class SendCommand implements Callable<Integer> {
    @Mixin
    ClientOptions options;

    @Option(names = "--to", required = true, paramLabel = "DID", description = "the receiving did:key")
    String to;

    @Option(names = "--amount", required = true, description = "base units to send")
    long amount;

    @Option(names = "--idempotency-key", paramLabel = "KEY",
            description = "repeat a send with the same key and it happens once (default: a fresh random key)")
    String idempotencyKey;

    @Override
    public Integer call() {
        String key = idempotencyKey != null ? idempotencyKey : UUID.randomUUID().toString();
        try (PouwClient client = options.client()) {
            NodeTransfer result = client.ledger().transfer(to, amount, key);
            options.printer().print(result.json(), "sent " + amount + " to " + to + " (ledger entry #"
                    + result.entry().seq() + "); balance now " + result.balance());
        }
        return ExitCodes.OK;
    }
}
