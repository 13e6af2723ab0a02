package org.pouw.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pouw.client.PouwClient;
import org.pouw.client.ledger.FeePool;
import org.pouw.client.system.QueueCounts;
import org.pouw.client.system.SystemStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@code pouw status}: the node's mode, queue and fee pool at a glance. */
@Command(name = "status", description = "Show a node's mode, queue and fee pool.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    ClientOptions options;

    @Option(names = "--nodes", paramLabel = "FILE", description = "every node of a nodes.toml instead of --node:"
            + " one row each, as 'pouw nodes status' (exit 3 if any is down)")
    Path nodes;

    @Override
    public Integer call() {
        return nodes != null ? NodesCommand.show(nodes, options.printer().json()) : show(options);
    }

    /** Prints status and pool; shared with {@code pouw node status}. */
    static int show(ClientOptions options) {
        try (PouwClient client = options.anonymousClient()) {
            SystemStatus status = client.system().status();
            FeePool pool = client.ledger().pool();
            ObjectNode both = JsonMapper.builder().build().createObjectNode();
            both.set("status", status.json());
            both.set("pool", pool.json());
            options.printer().print(both, describe(options.node, status, pool));
        }
        return ExitCodes.OK;
    }

    /** What the node's status says of claiming: open, or paused with when, who and why (issue 25, defect 8). */
    private static String claiming(tools.jackson.databind.JsonNode claiming) {
        return claiming.isObject() ? AdminCommand.claimingLine(claiming).replaceFirst("^claiming is ", "") : "open";
    }

    static String describe(String url, SystemStatus status, FeePool pool) {
        QueueCounts q = status.queue();
        return String.format("""
                node      %s  (pouw %s, up %ds)
                mode      pouw_mode=%s  zk_mode=%s  storage=%s
                claiming  %s
                queue     %d pending · %d in progress · %d completed · %d failed · %d expired · %d dead letter
                fee pool  balance %d · reserved %d · paid %d · refunded %d""",
                url, status.version(), status.uptimeMs() / 1000, status.pouwMode(), status.zkMode(),
                status.storage(), claiming(status.json().path("claiming")), q.pending(), q.inProgress(),
                q.completed(), q.failed(), q.expired(),
                q.deadLetter(), pool.balance(), pool.reserved(), pool.totalPaid(), pool.totalRefunded());
    }
}
