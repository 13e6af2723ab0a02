package org.pouw.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import org.pouw.store.StorageException;
import org.pouw.store.jdbc.SqlSession;
import org.sqlite.SQLiteConfig;

/**
 * What an SQLite database holds, in the units a reader of a figure measured on it needs: the bytes of blob content
 * (a node's traces dominate its file), and its jobs, events and ledger entries. A benchmark prints it beside a
 * database's size, so the figure says what kind of database it was.
 */
public record SqliteContents(long blobBytes, long jobs, long events, long ledgerEntries) {
    private static final String COUNTS = "SELECT (SELECT COALESCE(SUM(size_bytes), 0) FROM blobs),"
            + " (SELECT count(*) FROM jobs), (SELECT count(*) FROM events), (SELECT count(*) FROM ledger_entries)";

    /** Reads the database {@code file} on a read-only connection of its own (a node may be writing it). */
    public static SqliteContents of(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        try (Connection connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
             SqlSession sql = new SqlSession(connection, 1)) {
            return sql.first(COUNTS, row -> new SqliteContents(row.getLong(1), row.getLong(2), row.getLong(3),
                    row.getLong(4))).orElseThrow();
        } catch (SQLException e) {
            throw new StorageException("cannot read the contents of " + file, e);
        }
    }

    /** "1,024 MB of blob content, 2,000 jobs, 6,000 events, 2,001 ledger entries". */
    public String describe() {
        return String.format(Locale.ROOT, "%,d MB of blob content, %,d jobs, %,d events, %,d ledger entries",
                blobBytes >> 20, jobs, events, ledgerEntries);
    }
}
