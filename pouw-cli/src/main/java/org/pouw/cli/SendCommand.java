package org.pouw.cli;

import java.util.UUID;
import java.util.concurrent.Callable;
import org.pouw.worker.NodeClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
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
        ObjectNode body = JsonMapper.builder().build().createObjectNode()
                .put("to", to).put("amount", amount).put("idempotency_key", key);
        try (NodeClient client = options.client()) {
            JsonNode result = client.postJson("/v1/ledger/transfers", body);
            options.printer().print(result, "sent " + amount + " to " + to + " (ledger entry #"
                    + result.path("entry").path("seq").asLong() + "); balance now "
                    + result.path("balance").asLong());
        }
        return ExitCodes.OK;
    }
}
