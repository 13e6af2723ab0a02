package org.pouw.store.sqlite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.pouw.store.HistoryHead;
import org.pouw.store.StorageException;
import org.pouw.store.jdbc.SqlSession;
import org.sqlite.SQLiteConfig;

/**
 * A consistent copy of a live node's SQLite database, taken while the node runs (issue 24, scenario 6).
 *
 * <p>{@code VACUUM INTO} writes the whole database as one read transaction sees it: in WAL mode the node's writers
 * go on meanwhile, and the copy is the database as of one commit — a prefix of the ledger, never a mix. The online
 * backup API of {@code sqlite3 .backup} copies page by page instead and starts again whenever the source changes
 * between steps, so under a node's steady writes it may never finish.
 */
public final class SqliteSnapshot {
    private static final int BUSY_TIMEOUT_MS = 30_000;

    private SqliteSnapshot() {
    }

    /** Writes the database in {@code dataDir} to {@code target}, which must not exist yet. */
    public static void copy(Path dataDir, Path target) {
        Path source = dataDir.resolve(SqliteStorage.FILE_NAME);
        if (!Files.isRegularFile(source)) {
            throw new IllegalStateException("no SQLite database at " + source);
        }
        try (Connection connection = open(source, true);
                PreparedStatement vacuum = connection.prepareStatement("VACUUM INTO ?")) {
            vacuum.setString(1, target.toAbsolutePath().toString());
            vacuum.execute();
        } catch (SQLException e) {
            throw new StorageException("cannot copy " + source + " to " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * SQLite's own check of every page, index and constraint of {@code file}: the empty list if it is sound, else
     * what the check found (the first ten problems).
     */
    public static List<String> problems(Path file) {
        List<String> problems = new ArrayList<>();
        try (Connection connection = open(file, true);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("PRAGMA integrity_check(10)")) {
            while (rows.next()) {
                String line = rows.getString(1);
                if (!"ok".equals(line)) {
                    problems.add(line);
                }
            }
        } catch (SQLException e) {
            problems.add(e.getMessage());
        }
        return problems;
    }

    /** The head of the database {@code file} (a copy; the node need not run on it). */
    public static HistoryHead head(Path file) {
        try (Connection connection = open(file, true); SqlSession sql = new SqlSession(connection, 4)) {
            return HistoryHead.read(sql);
        } catch (SQLException e) {
            throw new StorageException("cannot read the head of " + file, e);
        }
    }

    private static Connection open(Path file, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(readOnly);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }
}
