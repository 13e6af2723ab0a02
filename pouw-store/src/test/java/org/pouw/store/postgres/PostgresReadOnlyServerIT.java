package org.pouw.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.pouw.core.event.EventDraft;
import org.pouw.core.port.StoreTx;
import org.pouw.store.DatabaseUnreachableException;
import org.pouw.store.support.EmbeddedPostgresServer;

/**
 * A writer connection that reaches a server refusing writes (SQLSTATE 25006 — after a failover, a standby, or an
 * old primary brought back fenced as one) is answered as the database lost (503), never as a failure of the call
 * (500), and is evicted from the pool, so writes work again as soon as the connections the pool opens reach a
 * writable server, without a restart. A real server stands in for the standby: its database is made read-only for
 * new sessions ({@code default_transaction_read_only}) and the pool's sessions are ended, so the pool reopens
 * onto read-only ones, as it would onto a standby. PrimaryLossFailoverIT (pouw-cli) does it with a real standby.
 */
class PostgresReadOnlyServerIT {
    @Test
    void a_writer_on_a_read_only_server_is_answered_unreachable_evicted_and_works_again_without_a_restart()
            throws Exception {
        String url = EmbeddedPostgresServer.freshDatabase();
        String database = url.substring(url.lastIndexOf('/') + 1).split("\\?")[0];
        try (PostgresStorage storage = PostgresStorage.open(url, "postgres", "postgres", 2)) {
            storage.write((StoreTx tx) -> tx.events().append(new EventDraft("before", "", "", "{}"), 1));

            admin("ALTER DATABASE " + database + " SET default_transaction_read_only = on");
            endSessionsOf(database);
            assertThatThrownBy(() -> storage.write((StoreTx tx) -> tx.events().append(
                    new EventDraft("refused", "", "", "{}"), 2)))
                    .as("a write on a read-only server is 503, not 500")
                    .isInstanceOf(DatabaseUnreachableException.class)
                    .hasMessageContaining("refuses writes");

            // The pool may hold read-only sessions it opened meanwhile: each is evicted on its first refusal, so
            // within a few calls every connection is a fresh one on the writable server. Without the eviction the
            // read-only sessions would stay in the pool and every write would keep failing.
            admin("ALTER DATABASE " + database + " RESET default_transaction_read_only");
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            boolean written = false;
            while (!written && System.nanoTime() < until) {
                try {
                    storage.write((StoreTx tx) -> tx.events().append(new EventDraft("after", "", "", "{}"), 2));
                    written = true;
                } catch (DatabaseUnreachableException notYet) {
                    Thread.sleep(100);
                }
            }
            assertThat(written).as("writes work again without a restart").isTrue();
            assertThat(storage.read((StoreTx tx) -> tx.events().lastSeq())).isEqualTo(2);
        }
    }

    private static void admin(String sql) throws SQLException {
        try (Connection connection = EmbeddedPostgresServer.get().getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void endSessionsOf(String database) throws SQLException {
        admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database
                + "' AND pid <> pg_backend_pid()");
    }
}
