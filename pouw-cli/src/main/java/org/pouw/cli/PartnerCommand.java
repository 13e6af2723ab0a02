package org.pouw.cli;

import java.util.concurrent.Callable;
import org.pouw.client.PouwClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code pouw partner add|rotate|revoke|budget|list}: partners of the gate (issue 21 §4; docs/gate.md, "Partner
 * management"), with the node's admin key ({@code --key <data_dir>/admin.key}). A key is printed once, when issued.
 */
@Command(name = "partner", description = "Register partners and manage their keys and budgets (admin key).",
        subcommands = {PartnerCommand.Add.class, PartnerCommand.Rotate.class, PartnerCommand.Revoke.class,
                PartnerCommand.Budget.class, PartnerCommand.ListPartners.class})
final class PartnerCommand {
    /** The budget options {@code add} and {@code budget} share. */
    static final class BudgetOptions {
        @Option(names = "--tokens-per-interval", defaultValue = "1000",
                description = "tokens the partner may take per interval (default ${DEFAULT-VALUE})")
        long tokensPerInterval;

        @Option(names = "--interval-ms", defaultValue = "60000",
                description = "the budget's interval, aligned to the epoch (default ${DEFAULT-VALUE})")
        long intervalMs;
    }

    @Command(name = "add", description = "Register a partner with its budget and issue its first key (shown once).")
    static final class Add implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Mixin
        BudgetOptions budget;

        @Parameters(paramLabel = "PARTNER", description = "1…63 of [a-z0-9-]")
        String partner;

        @Override
        public Integer call() {
            try (PouwClient client = options.client()) {
                client.gate().addPartner(partner, budget.tokensPerInterval, budget.intervalMs);
                JsonNode key = client.gate().issuePartnerKey(partner);
                options.printer().print(key, shownOnce(key));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "rotate", description = "Issue the partner a second key while its first still works (shown once);"
            + " revoke the old one once the partner has moved over.")
    static final class Rotate implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Parameters(paramLabel = "PARTNER")
        String partner;

        @Override
        public Integer call() {
            try (PouwClient client = options.client()) {
                JsonNode key = client.gate().issuePartnerKey(partner);
                options.printer().print(key, shownOnce(key) + "\nwhen " + partner + " uses it, revoke the old key: "
                        + "pouw partner revoke " + partner + " <old prefix>");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "revoke", description = "Revoke a partner's key by its prefix, at every node at once.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Parameters(index = "0", paramLabel = "PARTNER")
        String partner;

        @Parameters(index = "1", paramLabel = "PREFIX", description = "the 12 hex digits after pouwpk_")
        String prefix;

        @Override
        public Integer call() {
            try (PouwClient client = options.client()) {
                JsonNode answer = client.gate().revokePartnerKey(partner, prefix);
                options.printer().print(answer, "revoked pouwpk_" + prefix + "_… of " + partner);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "budget", description = "Set a registered partner's token budget.")
    static final class Budget implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Mixin
        BudgetOptions budget;

        @Parameters(paramLabel = "PARTNER")
        String partner;

        @Override
        public Integer call() {
            try (PouwClient client = options.client()) {
                JsonNode answer = client.gate().setPartnerBudget(partner, budget.tokensPerInterval, budget.intervalMs);
                options.printer().print(answer, row(answer));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", description = "List partners, their budgets and their keys by prefix.")
    static final class ListPartners implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Override
        public Integer call() {
            try (PouwClient client = options.client()) {
                JsonNode answer = client.gate().partners();
                StringBuilder human = new StringBuilder();
                for (JsonNode partner : answer.path("partners")) {
                    human.append(row(partner)).append('\n');
                }
                human.append(answer.path("partners").size()).append(" partner(s)");
                options.printer().print(answer, human.toString());
            }
            return ExitCodes.OK;
        }
    }

    private static String shownOnce(JsonNode key) {
        return key.path("key").asString() + "\n(shown once: give it to " + key.path("partner").asString()
                + " now; the node keeps only its prefix " + key.path("prefix").asString() + " and its hash)";
    }

    private static String row(JsonNode partner) {
        StringBuilder keys = new StringBuilder();
        for (JsonNode key : partner.path("keys")) {
            keys.append(' ').append(key.path("prefix").asString()).append(key.path("revoked").asBoolean()
                    ? "(revoked)" : "(active)");
        }
        return String.format("%s  %d tokens / %d ms  keys:%s", partner.path("partner").asString(),
                partner.path("tokens_per_interval").asLong(), partner.path("interval_ms").asLong(),
                keys.length() == 0 ? " none" : keys.toString());
    }
}
