package org.pouw.store.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.pouw.store.DatabaseUnreachableException;

/**
 * What {@code pouw restore} asks a PostgreSQL server before it gives a restored database a new restore epoch (issue
 * 24, scenario 6): whether the server is still in recovery (a standby, or WAL replay not finished: it takes no
 * writes, and the recovery point is not final), and how many connections of a running node are open to the database
 * (a node that read the old epoch would go on honouring the old store id).
 *
 * <p>Asked on a connection of its own named {@value #APPLICATION_NAME}, which does not carry a node's name and so is
 * not counted: every connection a node opens — its pools and its health probe — is named {@code pouw-node…}.
 */
public record PostgresRestoreReadiness(boolean recovering, long nodeConnections) {
    public static final String APPLICATION_NAME = "pouw-restore";
    private static final String NODE_CONNECTIONS = "SELECT count(*) FROM pg_stat_activity"
            + " WHERE datname = current_database() AND application_name LIKE 'pouw-node%'";
    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    /**
     * Connects once and asks both; {@code user} and {@code password} may be empty (the URL or the server's
     * authentication then decides). A server that does not answer is a {@link DatabaseUnreachableException} with the
     * driver's reason.
     */
    public static PostgresRestoreReadiness read(String jdbcUrl, String user, String password) {
        Properties properties = new Properties();
        if (!user.isEmpty()) {
            properties.setProperty("user", user);
        }
        if (!password.isEmpty()) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        try (Connection connection = DriverManager.getConnection(jdbcUrl, properties);
             Statement statement = connection.createStatement()) {
            boolean recovering;
            try (ResultSet row = statement.executeQuery("SELECT pg_is_in_recovery()")) {
                recovering = row.next() && row.getBoolean(1);
            }
            try (ResultSet row = statement.executeQuery(NODE_CONNECTIONS)) {
                row.next();
                return new PostgresRestoreReadiness(recovering, row.getLong(1));
            }
        } catch (SQLException e) {
            throw new DatabaseUnreachableException(e.getMessage());
        }
    }
}
