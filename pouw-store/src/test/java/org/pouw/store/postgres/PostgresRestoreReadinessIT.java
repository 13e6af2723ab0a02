package org.pouw.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.pouw.store.DatabaseUnreachableException;
import org.pouw.store.support.EmbeddedPostgresServer;
import org.pouw.store.support.PostgresTestDatabase;

/**
 * What {@code pouw restore} reads from a real server: the connections a node opened to the database are counted by
 * their name — another database's, another program's and the check's own are not — and a server that does not
 * answer is unreachable. A server still in recovery needs a standby: PostgresRestoreFailoverIT (pouw-cli) builds one.
 */
class PostgresRestoreReadinessIT {
    private static final String PASSWORD = "postgres";

    @Test
    void counts_the_connections_a_node_opened_to_this_database_and_only_those() throws Exception {
        String url = EmbeddedPostgresServer.freshDatabase();
        String otherUrl = EmbeddedPostgresServer.freshDatabase();
        assertThat(read(url)).isEqualTo(new PostgresRestoreReadiness(false, 0));

        try (Connection pool = connect(url, "pouw-node"); Connection probe = connect(url, "pouw-node-health");
             Connection psql = connect(url, "psql"); Connection otherNode = connect(otherUrl, "pouw-node")) {
            assertThat(read(url)).isEqualTo(new PostgresRestoreReadiness(false, 2));
            assertThat(read(otherUrl)).isEqualTo(new PostgresRestoreReadiness(false, 1));
        }
        // A backend ends a moment after its client closed the socket: wait for it, bounded, instead of assuming.
        long until = System.nanoTime() + 30_000_000_000L;
        while (read(url).nodeConnections() > 0 && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(read(url)).isEqualTo(new PostgresRestoreReadiness(false, 0));
    }

    @Test
    void a_server_that_does_not_answer_is_unreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThatThrownBy(() -> PostgresRestoreReadiness.read("jdbc:postgresql://127.0.0.1:" + closedPort
                + "/pouw?connectTimeout=2", PostgresTestDatabase.USER, PASSWORD))
                .isInstanceOf(DatabaseUnreachableException.class)
                .hasMessageContaining("Connection");
    }

    private static PostgresRestoreReadiness read(String url) {
        return PostgresRestoreReadiness.read(url, PostgresTestDatabase.USER, PASSWORD);
    }

    private static Connection connect(String url, String applicationName) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", PostgresTestDatabase.USER);
        properties.setProperty("password", PASSWORD);
        properties.setProperty("ApplicationName", applicationName);
        return DriverManager.getConnection(url, properties);
    }
}
