package org.pouw.cli;

import java.util.concurrent.Callable;
import org.pouw.worker.NodeClient;
import tools.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code pouw balance [DID]}: an account's balance (yours by default). */
@Command(name = "balance", description = "Show an account's balance (your key's, unless a did:key is given).")
final class BalanceCommand implements Callable<Integer> {
    @Mixin
    ClientOptions options;

    @Parameters(arity = "0..1", paramLabel = "DID", description = "the account; default: the did of --key")
    String did;

    @Override
    public Integer call() {
        String account = did != null ? did : options.loadKey().did().toString();
        try (NodeClient client = options.anonymousClient()) {
            JsonNode data = client.getJson("/v1/ledger/accounts/" + account + "?limit=5");
            StringBuilder human = new StringBuilder(account + "\nbalance  " + data.path("balance").asLong());
            for (JsonNode entry : data.path("recent_entries")) {
                long amount = 0;
                for (JsonNode posting : entry.path("postings")) {
                    if (posting.path("account").asString("").equals(account)) {
                        amount += posting.path("amount").asLong();
                    }
                }
                human.append(String.format("%n  #%-6d %-13s %+d", entry.path("seq").asLong(),
                        entry.path("kind").asString(""), amount));
            }
            options.printer().print(data, human.toString());
        }
        return ExitCodes.OK;
    }
}
