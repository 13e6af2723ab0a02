package org.pouw.store;

import org.pouw.core.port.Storage;
import org.pouw.store.jdbc.SqlTransactions;

/** The database server's own clock, in milliseconds since the epoch, for {@link ClockSkewCheck}. */
public final class DatabaseClock {
    private static final String SQLITE = "SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)";
    private static final String POSTGRESQL = "SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";

    private DatabaseClock() {
    }

    /**
     * The database's time now. For SQLite that is this machine's clock, which still catches a node whose
     * {@code Clock} is not the machine's; for PostgreSQL, the server's.
     */
    public static long millis(Storage storage) {
        if (!(storage instanceof SqlTransactions database)) {
            throw new IllegalArgumentException("no SQL clock for a " + storage.backend() + " storage");
        }
        String sql = "sqlite".equals(storage.backend()) ? SQLITE : POSTGRESQL;
        return database.readSql(session -> session.longValue(sql, Long.MIN_VALUE));
    }
}
