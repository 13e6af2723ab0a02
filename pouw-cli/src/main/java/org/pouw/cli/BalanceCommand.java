package org.pouw.cli;

import java.util.concurrent.Callable;
import org.pouw.client.PouwClient;
import org.pouw.client.ledger.NodeAccount;
import org.pouw.client.ledger.NodeLedgerEntry;
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
        try (PouwClient client = options.anonymousClient()) {
            NodeAccount data = client.ledger().account(account, 5);
            StringBuilder human = new StringBuilder(account + "\nbalance  " + data.balance());
            for (NodeLedgerEntry entry : data.recentEntries()) {
                human.append(String.format("%n  #%-6d %-13s %+d", entry.seq(), entry.kind(),
                        entry.amountFor(account)));
            }
            options.printer().print(data.json(), human.toString());
        }
        return ExitCodes.OK;
    }
}
