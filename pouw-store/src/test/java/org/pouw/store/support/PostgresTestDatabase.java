package org.pouw.store.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.pouw.core.port.Storage;
import org.pouw.store.StorageConfig;
import org.pouw.store.StorageFactory;

/**
 * A database on the shared embedded PostgreSQL server. Creating and migrating one costs about half a second, so a
 * test class keeps its own ({@link #forTestClass}) and each test starts by emptying it.
 */
public final class PostgresTestDatabase implements TestDatabase {
    public static final String USER = "postgres";
    private static final Map<Class<?>, PostgresTestDatabase> BY_TEST_CLASS = new ConcurrentHashMap<>();

    private final String jdbcUrl = EmbeddedPostgresServer.freshDatabase();
    private final int poolSize;

    /** The test class's database, emptied of every row (the schema stays) if an earlier test used it. */
    public static PostgresTestDatabase forTestClass(Class<?> testClass) {
        PostgresTestDatabase[] created = {null};
        PostgresTestDatabase database = BY_TEST_CLASS.computeIfAbsent(testClass,
                key -> created[0] = new PostgresTestDatabase());
        if (created[0] == null) {
            database.empty();
        }
        return database;
    }

    public PostgresTestDatabase() {
        this(4);
    }

    public PostgresTestDatabase(int poolSize) {
        this.poolSize = poolSize;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    @Override
    public Storage open() {
        return StorageFactory.open(StorageConfig.postgresql(jdbcUrl, USER, "postgres", poolSize));
    }

    @Override
    public void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, USER, "postgres");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes every row of every table but Flyway's history, and restarts identity columns. */
    public void empty() {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, USER, "postgres");
             Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = "
                    + "'public' AND tablename <> 'flyway_schema_history'")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            if (!tables.isEmpty()) {
                statement.execute("TRUNCATE " + String.join(", ", tables) + " RESTART IDENTITY");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String backend() {
        return "postgresql";
    }
}
