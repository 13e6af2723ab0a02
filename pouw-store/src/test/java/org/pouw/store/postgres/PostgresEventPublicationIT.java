package org.pouw.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pouw.core.event.Event;
import org.pouw.core.event.EventDraft;
import org.pouw.core.port.StoreTx;
import org.pouw.store.support.EmbeddedPostgresServer;

/**
 * Issue 26: events are numbered after their transaction ends, not under a counter lock held through the commit.
 * A later transaction that commits first must not become readable ahead of an older one still running (a reader
 * that followed the log by number would step past the older one's events for ever), and no writer takes the old
 * counter row.
 */
class PostgresEventPublicationIT {
    private static final String USER = "postgres";

    @Test
    void a_later_commit_waits_for_an_older_running_transaction_and_then_both_are_numbered_in_order()
            throws Exception {
        String url = EmbeddedPostgresServer.freshDatabase();
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try (PostgresStorage storage = PostgresStorage.open(url, USER, USER, 4)) {
            OlderOpenWrite older = new OlderOpenWrite(storage, writers, "older");
            CompletableFuture<Void> later = CompletableFuture.runAsync(() -> storage.write((StoreTx tx) -> {
                tx.events().append(new EventDraft("later", "", "", "{}"), 2);
                return null;
            }), writers);
            // The later transaction commits; its events stay unreadable while the older one runs.
            awaitCommitted(url, "later");
            assertThat(storage.read((StoreTx tx) -> tx.events().after(0, 10))).isEmpty();
            assertThat(storage.read((StoreTx tx) -> tx.events().lastSeq())).isZero();

            older.commit();
            later.get(30, TimeUnit.SECONDS);
            List<Event> read = storage.read((StoreTx tx) -> tx.events().after(0, 10));
            assertThat(read).extracting(Event::type).containsExactly("older", "later");
            assertThat(read).extracting(Event::seq).containsExactly(1L, 2L);
            assertThat(count(url, "SELECT count(*) FROM events_unpublished")).isZero();
            assertThat(count(url, "SELECT count(*) FROM counters WHERE name = 'event'"))
                    .as("no writer takes the old event counter").isZero();
        } finally {
            writers.shutdownNow();
        }
    }

    private static void awaitCommitted(String url, String type) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (count(url, "SELECT count(*) FROM events_unpublished WHERE type = '" + type + "'") == 0) {
            assertThat(System.nanoTime() - deadline).as("the later write never committed").isNegative();
            Thread.sleep(10);
        }
    }

    private static long count(String url, String query) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, USER, USER);
             Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
