package org.pouw.store.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The health probe's own connection to PostgreSQL, outside both pools: a node whose pools are all in use is busy,
 * not cut off, and must not be declared down for it. Kept open between probes (a fresh backend every half second
 * would cost the server a fork each time) and opened again after it broke. Every wait is bounded, so a probe
 * against a server that does not answer at all (a dropped network, not a refused port) ends within seconds. A
 * server that answers but is a standby (in recovery) fails the probe: the node writes, so only a primary will do.
 */
final class PostgresProbe implements AutoCloseable {
    private static final int TIMEOUT_SECONDS = 2;

    private final String jdbcUrl;
    private final Properties properties = new Properties();
    private Connection connection;

    PostgresProbe(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", Integer.toString(TIMEOUT_SECONDS));
        properties.setProperty("socketTimeout", Integer.toString(TIMEOUT_SECONDS));
        properties.setProperty("loginTimeout", Integer.toString(TIMEOUT_SECONDS));
        properties.setProperty("ApplicationName", "pouw-node-health");
    }

    /** Returns when the server answered a round trip; throws saying why otherwise. */
    synchronized void check() throws SQLException {
        if (connection == null) {
            connection = DriverManager.getConnection(jdbcUrl, properties);
        }
        boolean standby;
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(TIMEOUT_SECONDS);
            try (ResultSet row = statement.executeQuery("SELECT pg_is_in_recovery()")) {
                row.next();
                standby = row.getBoolean(1);
            }
        } catch (SQLException e) {
            closeQuietly();
            throw new SQLException("the server did not answer a health check within " + TIMEOUT_SECONDS + " s: "
                    + e.getMessage(), e);
        }
        if (standby) {
            // A standby answers but takes no writes (a failover under way, or this host is an old primary brought
            // back fenced): not ready. Reconnecting next time lets a multi-host URL find the new primary.
            closeQuietly();
            throw new SQLException("the server is a standby in recovery, not a primary: it takes no writes");
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the connection is being dropped because it failed; its close failing too tells nothing new
            }
            connection = null;
        }
    }
}
