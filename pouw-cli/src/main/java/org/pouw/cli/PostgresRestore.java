package org.pouw.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.pouw.core.ledger.LedgerAudit;
import org.pouw.core.port.Storage;
import org.pouw.node.StorageOpening;
import org.pouw.node.config.NodeConfig;
import org.pouw.store.RestoreEpoch;
import org.pouw.store.jdbc.SqlTransactions;
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
    /** The application names a running node's connections carry (its pools and its health probe). */
    private static final String NODE_SESSIONS = "SELECT count(*) FROM pg_stat_activity"
            + " WHERE datname = current_database() AND application_name LIKE 'pouw-node%'";

    private PostgresRestore() {
    }

    static int run(NodeConfig config, boolean json) {
        requireNoNodeConnected(config, "nothing was changed");
        long epoch;
        long ledgerSeq;
        String ledgerHash;
        long eventSeq;
        try (Storage storage = StorageOpening.open(config)) {
            SqlTransactions database = (SqlTransactions) storage;
            LedgerAudit.Report audit = new LedgerAudit(storage).run();
            if (!audit.balanced()) {
                throw new CommandFailed("backup_ledger_broken", "the restored database's ledger fails the audit: "
                        + String.join("; ", audit.problems()) + "; nothing was changed", ExitCodes.CHECK_FAILED);
            }
            epoch = database.writeSql(RestoreEpoch::rotate);
            ledgerSeq = database.readSql(sql -> sql.longValue("SELECT COALESCE(MAX(seq), 0) FROM ledger_entries",
                    0));
            ledgerHash = database.readSql(sql -> sql.first("SELECT hash FROM ledger_entries ORDER BY seq DESC"
                    + " LIMIT 1", row -> row.getString(1)).orElse(""));
            eventSeq = database.readSql(sql -> sql.longValue("SELECT COALESCE(MAX(seq), 0) FROM events", 0));
        }
        // A node that connected while the audit ran may have read the old epoch: it must start again.
        requireNoNodeConnected(config, "the database has its new restore epoch "
                + RestoreEpoch.text(epoch) + ", but that node may have read the old one: restart it");

        ObjectNode data = JsonMapper.builder().build().createObjectNode().put("event", "restored")
                .put("backend", "postgresql").put("ledger_seq", ledgerSeq).put("ledger_hash", ledgerHash)
                .put("event_seq", eventSeq).put("restore_epoch", RestoreEpoch.text(epoch));
        new Printer(json).print(data, String.format("restored PostgreSQL database checked: ledger to entry %d,"
                + " events to %d; new restore epoch %s (challenges issued before it are refused; event readers"
                + " start again)", ledgerSeq, eventSeq, RestoreEpoch.text(epoch)));
        return ExitCodes.OK;
    }

    /**
     * Asks the server itself, on a connection of its own that does not carry a node's name, whether any node is
     * connected and whether recovery has ended.
     */
    private static void requireNoNodeConnected(NodeConfig config, String consequence) {
        Properties properties = new Properties();
        if (!config.storageUser().isEmpty()) {
            properties.setProperty("user", config.storageUser());
        }
        if (!config.storagePassword().isEmpty()) {
            properties.setProperty("password", config.storagePassword());
        }
        properties.setProperty("ApplicationName", "pouw-restore");
        properties.setProperty("connectTimeout", "10");
        try (Connection connection = DriverManager.getConnection(config.storageUrl(), properties);
             Statement statement = connection.createStatement()) {
            try (ResultSet recovering = statement.executeQuery("SELECT pg_is_in_recovery()")) {
                if (recovering.next() && recovering.getBoolean(1)) {
                    throw new CommandFailed("still_recovering", "the server at storage.url is still in recovery"
                            + " (a standby, or WAL replay not finished): end it first (recovery_target_action ="
                            + " 'promote', or pg_ctl promote); " + consequence, ExitCodes.REFUSED);
                }
            }
            try (ResultSet sessions = statement.executeQuery(NODE_SESSIONS)) {
                sessions.next();
                long connected = sessions.getLong(1);
                if (connected > 0) {
                    throw new CommandFailed("node_running", connected + " connection(s) of a running node are open"
                            + " to the database: stop every node first; " + consequence, ExitCodes.REFUSED);
                }
            }
        } catch (SQLException e) {
            throw new CommandFailed("unreachable", "cannot reach the database at storage.url: " + e.getMessage(),
                    ExitCodes.UNREACHABLE);
        }
    }
}
