package org.pouw.store.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * The health probe of the SQLite file. The storage's own connections keep the file they opened, so a file that was
 * replaced, moved away or deleted under a running node goes unnoticed by them: they go on reading and writing a
 * file no one will ever open again. The probe looks at the path as a newcomer would: it must still name the file
 * the node opened (same device and inode), and a fresh read-only connection must read its schema.
 */
final class SqliteProbe {
    private static final int BUSY_TIMEOUT_MS = 1_000;

    private final Path file;
    private final Object openedKey;
    private final String url;

    SqliteProbe(Path file) {
        this.file = file;
        this.openedKey = fileKey(file);
        this.url = "jdbc:sqlite:" + file.toAbsolutePath();
    }

    /** Returns when the file is the one opened and answers a read; throws saying why otherwise. */
    void check() throws IOException, SQLException {
        Object now = fileKey(file);
        // fileKey is null on file systems that have no such identity; then only the read below is checked.
        if (openedKey != null && !openedKey.equals(now)) {
            throw new IOException(file + " is no longer the database file the node opened (replaced or moved)");
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        try (Connection connection = config.createConnection(url);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM sqlite_master")) {
            rows.next();
        }
    }

    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return "missing"; // never equal to a real key: a missing file is a replaced one
        }
    }
}
