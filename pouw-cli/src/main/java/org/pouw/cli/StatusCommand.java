package org.pouw.cli;

import java.util.concurrent.Callable;
import org.pouw.worker.NodeClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code pouw status}: the node's mode, queue and fee pool at a glance. */
@Command(name = "status", description = "Show a node's mode, queue and fee pool.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    ClientOptions options;

    @Override
    public Integer call() {
        return show(options);
    }

    /** Prints status and pool; shared with {@code pouw node status}. */
    static int show(ClientOptions options) {
        try (NodeClient client = options.anonymousClient()) {
            JsonNode status = client.getJson("/v1/pouw/system/status");
            JsonNode pool = client.getJson("/v1/pouw/pool");
            ObjectNode both = JsonMapper.builder().build().createObjectNode();
            both.set("status", status);
            both.set("pool", pool);
            options.printer().print(both, describe(options.node, status, pool));
        }
        return ExitCodes.OK;
    }

    static String describe(String url, JsonNode status, JsonNode pool) {
        JsonNode q = status.path("queue");
        return String.format("""
                node      %s  (pouw %s, up %ds)
                mode      pouw_mode=%s  zk_mode=%s  storage=%s
                queue     %d pending · %d in progress · %d completed · %d failed · %d expired · %d dead letter
                fee pool  balance %d · reserved %d · paid %d · refunded %d""",
                url, status.path("version").asString(""), status.path("uptime_ms").asLong() / 1000,
                status.path("pouw_mode").asString(""), status.path("zk_mode").asString(""),
                status.path("storage").asString(""),
                q.path("pending_count").asLong(), q.path("in_progress_count").asLong(),
                q.path("completed_count").asLong(), q.path("failed_count").asLong(),
                q.path("expired_count").asLong(), q.path("dead_letter_count").asLong(),
                pool.path("balance").asLong(), pool.path("reserved").asLong(), pool.path("total_paid").asLong(),
                pool.path("total_refunded").asLong());
    }
}
