package org.pouw.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pouw.client.PouwClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * {@code pouw token get --mode …}: an access token. {@code anonymous} for nothing; {@code pow} for a receipt (made
 * here, minting the stamp, unless {@code --receipt} names one); {@code pool_validated} and {@code partner} send the
 * request file given with {@code --request}, or {@code --partner-key}.
 */
@Command(name = "token", description = "Access tokens.", subcommands = TokenCommand.Get.class)
final class TokenCommand {
    @Command(name = "get", description = "Get an access token from the node's gate.")
    static final class Get implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Option(names = "--mode", required = true, description = "anonymous, pow, pool_validated or partner")
        String mode;

        @Option(names = "--receipt", paramLabel = "FILE", description = "pow: a signed receipt (from 'pouw receipt "
                + "submit --no-submit --save FILE')")
        Path receipt;

        @Option(names = "--stamp", description = "pow: a stamp already minted for a fresh challenge")
        String stamp;

        @Option(names = "--challenge", paramLabel = "FILE", description = "pow: the challenge the stamp is for")
        Path challenge;

        @Option(names = "--partner-key", description = "partner: the partner key")
        String partnerKey;

        @Option(names = "--request", paramLabel = "FILE", description = "pool_validated or partner: a whole request")
        Path request;

        @Override
        public Integer call() {
            String body;
            try (PouwClient client = options.anonymousClient()) {
                switch (mode) {
                    case "anonymous" -> body = "{\"mode\":\"anonymous\"}";
                    case "pow" -> {
                        String signed = receipt != null ? GateReceipts.read(receipt).strip()
                                : GateReceipts.make(client, options.loadKey(), challenge, 0, stamp, System.err);
                        body = "{\"mode\":\"pow\",\"receipt\":" + signed + "}";
                    }
                    case "partner" -> body = request != null ? GateReceipts.read(request).strip()
                            : "{\"mode\":\"partner\",\"partner_key\":\"" + requirePartnerKey() + "\"}";
                    case "pool_validated" -> {
                        if (request == null) {
                            throw new IllegalArgumentException("--request FILE is required for --mode pool_validated");
                        }
                        body = GateReceipts.read(request).strip();
                    }
                    default -> throw new IllegalArgumentException("--mode must be anonymous, pow, pool_validated or "
                            + "partner, got '" + mode + "'");
                }
                JsonNode token = client.gate().token(body);
                options.printer().print(token, token.path("token").asString());
            }
            return ExitCodes.OK;
        }

        private String requirePartnerKey() {
            if (partnerKey == null || !partnerKey.matches("[A-Za-z0-9_-]{1,128}")) {
                throw new IllegalArgumentException("--partner-key is required for --mode partner (pouwpk_…)");
            }
            return partnerKey;
        }
    }
}
