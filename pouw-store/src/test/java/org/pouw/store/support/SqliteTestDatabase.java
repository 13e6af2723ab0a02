package org.pouw.store.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.pouw.core.port.Storage;
import org.pouw.store.StorageConfig;
import org.pouw.store.StorageFactory;
import org.pouw.store.sqlite.SqliteStorage;

/** An SQLite file in a test's temporary folder. */
public record SqliteTestDatabase(Path folder) implements TestDatabase {
    @Override
    public Storage open() {
        return StorageFactory.open(StorageConfig.sqlite(folder));
    }

    @Override
    public void execute(String sql) {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:"
                + folder.resolve(SqliteStorage.FILE_NAME)); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 10000");
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String backend() {
        return "sqlite";
    }
}
