package org.pouw.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The market's tables as the server's statistics see them: rows alive and dead, heap and index bytes, how many
 * updates were HOT (no index touched) and when autovacuum last ran. A sustained benchmark prints this at its start
 * and end: a cost per job that grows shows up here as dead tuples or indexes that grow faster than the live rows.
 */
public record PostgresTableSizes(List<Table> tables) {
    /** One table's numbers; {@code hotUpdates} of {@code updates} left every index alone. */
    public record Table(String name, long liveRows, long deadRows, long heapBytes, long indexBytes, long updates,
                        long hotUpdates, long autovacuums) {
    }

    private static final String QUERY = """
            SELECT relname, n_live_tup, n_dead_tup, pg_relation_size(relid), pg_indexes_size(relid),
                   n_tup_upd, n_tup_hot_upd, autovacuum_count
            FROM pg_stat_user_tables WHERE relname = ANY(?) ORDER BY relname""";

    /** The tables a job's life writes to. */
    public static final List<String> MARKET_TABLES = List.of("jobs", "attempts", "intents", "events",
            "events_unpublished", "counters", "ledger_entries", "ledger_postings", "ledger_head", "accounts",
            "provers", "blobs", "jobs_history", "attempts_history");

    public static PostgresTableSizes read(String jdbcUrl, String user, String password) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
             PreparedStatement statement = connection.prepareStatement(QUERY)) {
            statement.setArray(1, connection.createArrayOf("text", MARKET_TABLES.toArray()));
            List<Table> tables = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    tables.add(new Table(rows.getString(1), rows.getLong(2), rows.getLong(3), rows.getLong(4),
                            rows.getLong(5), rows.getLong(6), rows.getLong(7), rows.getLong(8)));
                }
            }
            return new PostgresTableSizes(List.copyOf(tables));
        } catch (SQLException e) {
            throw new StorageException("cannot read the table statistics of " + jdbcUrl, e);
        }
    }

    /** One line a table, aligned. */
    public String describe() {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "  %-16s %12s %10s %10s %10s %12s %8s%n",
                "table", "live rows", "dead rows", "heap MiB", "index MiB", "HOT updates", "vacuums"));
        for (Table table : tables) {
            out.append(String.format(Locale.ROOT, "  %-16s %,12d %,10d %10.1f %10.1f %5.0f %% of %,d %4d%n",
                    table.name(), table.liveRows(), table.deadRows(), table.heapBytes() / 1048576.0,
                    table.indexBytes() / 1048576.0,
                    table.updates() == 0 ? 0.0 : 100.0 * table.hotUpdates() / table.updates(), table.updates(),
                    table.autovacuums()));
        }
        return out.toString();
    }
}
