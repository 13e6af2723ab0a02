package org.pouw.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pouw.client.PouwClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * {@code pouw receipt submit}: asks a challenge (or reads one), mints its hashcash stamp here with a progress line
 * and the hash rate, signs the receipt with your key and submits it for a reward.
 */
@Command(name = "receipt", description = "Work receipts.", subcommands = ReceiptCommand.Submit.class)
final class ReceiptCommand {
    @Command(name = "submit", description = "Solve a challenge and submit the signed receipt for a reward.")
    static final class Submit implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Option(names = "--challenge", paramLabel = "FILE", description = "a challenge from 'pouw challenge get'")
        Path challenge;

        @Option(names = "--stamp", description = "a stamp already minted (say by the hashcash tool) instead of minting")
        String stamp;

        @Option(names = "--difficulty", defaultValue = "0", description = "hashcash bits to ask for (default: the node's)")
        int difficulty;

        @Option(names = "--save", paramLabel = "FILE", description = "also save the signed receipt here")
        Path save;

        @Option(names = "--no-submit", description = "only make (and --save) the receipt")
        boolean noSubmit;

        @Override
        public Integer call() {
            var key = options.loadKey();
            try (PouwClient client = new PouwClient(java.net.URI.create(options.node), key,
                    java.time.Duration.ofSeconds(30), org.pouw.core.Clock.system())) {
                String receipt = GateReceipts.make(client, key, challenge, difficulty, stamp, System.err);
                if (save != null) {
                    GateReceipts.write(save, receipt);
                }
                if (noSubmit) {
                    System.out.println(receipt);
                    return ExitCodes.OK;
                }
                JsonNode paid = client.gate().submitReceiptSignedIn(receipt);
                options.printer().print(paid, "paid " + paid.path("amount").asLong() + " to "
                        + paid.path("did").asString() + " for challenge " + paid.path("challenge").asString());
            }
            return ExitCodes.OK;
        }
    }
}
