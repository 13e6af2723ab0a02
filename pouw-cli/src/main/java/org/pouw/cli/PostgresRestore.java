package org.pouw.cli;

import org.pouw.core.ledger.LedgerAudit;
import org.pouw.core.port.Storage;
import org.pouw.node.StorageOpening;
import org.pouw.node.config.NodeConfig;
import org.pouw.store.DatabaseUnreachableException;
import org.pouw.store.HistoryHead;
import org.pouw.store.RestoreEpoch;
import org.pouw.store.jdbc.SqlTransactions;
import org.pouw.store.postgres.PostgresRestoreReadiness;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code pouw restore} on a PostgreSQL node (issue 24, scenario 6): the node's half of a restore whose data
 * PostgreSQL's own tools put back (a base backup, then archived WAL replayed to the chosen point). The restored
 * database has forgotten what happened after that point — challenges redeemed since look unused, event numbers
 * since are handed out again — so before any node serves from it, it gets a new {@link RestoreEpoch}, exactly as an
 * SQLite restore's copy does.
 *
 * <p>Refused, changing nothing, while a node is connected to the database (its pool names itself {@code pouw-node}:
 * a node that read the old epoch would go on honouring the old store id), while the server is still recovering (it
 * takes no writes, and the recovery point is not final), and when the restored ledger fails the audit of
 * {@code pouw ledger verify}.
 */
final class PostgresRestore {
    private PostgresRestore() {
    }

    static int run(NodeConfig config, boolean json) {
        requireNoNodeConnected(config, "nothing was changed");
        HistoryHead head;
        try (Storage storage = StorageOpening.open(config)) {
            SqlTransactions database = (SqlTransactions) storage;
            LedgerAudit.Report audit = new LedgerAudit(storage).run();
            if (!audit.balanced()) {
                throw new CommandFailed("backup_ledger_broken", "the restored database's ledger fails the audit: "
                        + String.join("; ", audit.problems()) + "; nothing was changed", ExitCodes.CHECK_FAILED);
            }
            head = database.writeSql(sql -> {
                RestoreEpoch.rotate(sql);
                return HistoryHead.read(sql);
            });
        }
        String epoch = RestoreEpoch.text(head.restoreEpoch());
        // A node that connected while the audit ran may have read the old epoch: it must start again.
        requireNoNodeConnected(config, "the database has its new restore epoch "
                + epoch + ", but that node may have read the old one: restart it");

        ObjectNode data = JsonMapper.builder().build().createObjectNode().put("event", "restored")
                .put("backend", "postgresql").put("ledger_seq", head.ledgerSeq())
                .put("ledger_hash", head.ledgerHash()).put("event_seq", head.eventSeq()).put("restore_epoch", epoch);
        new Printer(json).print(data, String.format("restored PostgreSQL database checked: ledger to entry %d,"
                + " events to %d; new restore epoch %s (challenges issued before it are refused; event readers"
                + " start again)", head.ledgerSeq(), head.eventSeq(), epoch));
        return ExitCodes.OK;
    }

    /** Asks the server itself, on a connection that does not carry a node's name, whether a restore may go on. */
    private static void requireNoNodeConnected(NodeConfig config, String consequence) {
        PostgresRestoreReadiness readiness;
        try {
            readiness = PostgresRestoreReadiness.read(config.storageUrl(), config.storageUser(),
                    config.storagePassword());
        } catch (DatabaseUnreachableException e) {
            throw new CommandFailed("unreachable", "cannot reach the database at storage.url: " + e.getMessage(),
                    ExitCodes.UNREACHABLE);
        }
        if (readiness.recovering()) {
            throw new CommandFailed("still_recovering", "the server at storage.url is still in recovery"
                    + " (a standby, or WAL replay not finished): end it first (recovery_target_action ="
                    + " 'promote', or pg_ctl promote); " + consequence, ExitCodes.REFUSED);
        }
        if (readiness.nodeConnections() > 0) {
            throw new CommandFailed("node_running", readiness.nodeConnections() + " connection(s) of a running node"
                    + " are open to the database: stop every node first; " + consequence, ExitCodes.REFUSED);
        }
    }
}
