package org.pouw.cli;

import java.util.concurrent.Callable;
import org.pouw.core.ledger.LedgerAudit;
import org.pouw.core.port.Storage;
import org.pouw.node.StorageOpening;
import org.pouw.node.config.NodeConfig;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pouw ledger verify}: replays the node's ledger from its database and proves the books balance. */
@Command(name = "ledger", description = "Check the ledger's invariants.", subcommands = LedgerCommand.Verify.class)
final class LedgerCommand {
    @Command(name = "verify", description = "Replay every ledger entry from the node's database (same config as"
            + " 'node start') and check that entries sum to zero, the hash chain holds, no reward was paid twice,"
            + " balances match and the reserved pool equals the open jobs' fees. Exit 5 if not.")
    static final class Verify implements Callable<Integer> {
        @Mixin
        NodeOptions options;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        public Integer call() {
            NodeConfig config = options.load();
            try (Storage storage = StorageOpening.open(config)) {
                LedgerAudit.Report report = new LedgerAudit(storage).run();
                ObjectNode data = JsonMapper.builder().build().createObjectNode();
                data.put("balanced", report.balanced()).put("entries", report.entries())
                        .put("accounts", report.accounts());
                ArrayNode problems = data.putArray("problems");
                report.problems().forEach(problems::add);
                String human = report.balanced()
                        ? "ledger OK: " + report.entries() + " entries, " + report.accounts()
                                + " accounts; hash chain intact, every entry sums to zero, no reward paid twice"
                        : "ledger BROKEN:\n  " + String.join("\n  ", report.problems());
                new Printer(json).print(data, human);
                return report.balanced() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
            }
        }
    }
}
