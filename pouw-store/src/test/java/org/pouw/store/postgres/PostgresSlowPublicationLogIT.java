package org.pouw.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pouw.core.event.EventDraft;
import org.pouw.core.port.StoreTx;
import org.pouw.store.support.EmbeddedPostgresServer;

/**
 * Issue 26: a slow event publication says where its time went, so a stall in the claims' publish phase can be told
 * apart: the pass's own statement (here held on its advisory lock by another session, as another node's pass would
 * hold it) or a writer waiting for an older transaction to end.
 */
class PostgresSlowPublicationLogIT {
    private static final String USER = "postgres";
    private static final long HELD_MS = 400;
    /** The publisher's advisory lock key ("pouw-evt"). */
    private static final long LOCK_KEY = 0x706f_7577_2d65_7674L;

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger(PostgresEventPublisher.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(new SimpleFormatter().formatMessage(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        logger.addHandler(capture);
        logger.setLevel(Level.INFO);
    }

    @AfterEach
    void stopListening() {
        logger.removeHandler(capture);
    }

    @Test
    void a_pass_held_on_the_advisory_lock_is_logged_with_the_statements_share() throws Exception {
        String url = EmbeddedPostgresServer.freshDatabase();
        try (PostgresStorage storage = PostgresStorage.open(url, USER, USER, 4);
             Connection other = DriverManager.getConnection(url, USER, USER);
             Statement statement = other.createStatement()) {
            other.setAutoCommit(false);
            statement.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
            CompletableFuture<Void> write = CompletableFuture.runAsync(() -> storage.write((StoreTx tx) -> {
                tx.events().append(new EventDraft("held", "", "", "{}"), 1);
                return null;
            }));
            Thread.sleep(HELD_MS);
            other.commit(); // releases the lock
            write.get(30, TimeUnit.SECONDS);
        }
        // The pass that met the lock first (the write's or the timer's, whichever began first) waited in its
        // statement, not for a connection nor in its commit.
        String pass = lines.stream().filter(line -> line.startsWith("slow event publication pass")).findFirst()
                .orElseThrow(() -> new AssertionError("no slow pass logged; logged: " + lines));
        assertThat(millisAfter(pass, "publish_events \\(advisory lock and moves\\)")).as(pass)
                .isGreaterThan(0.8 * millisAfter(pass, "slow event publication pass:"));
    }

    @Test
    void a_writer_waiting_for_an_older_transaction_is_logged_with_that_share() throws Exception {
        String url = EmbeddedPostgresServer.freshDatabase();
        // two threads of its own: the common pool may have one, and the later write must run while the older waits
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try (PostgresStorage storage = PostgresStorage.open(url, USER, USER, 4)) {
            OlderOpenWrite older = new OlderOpenWrite(storage, writers, "older");
            CompletableFuture<Void> later = CompletableFuture.runAsync(() -> storage.write((StoreTx tx) -> {
                tx.events().append(new EventDraft("later", "", "", "{}"), 2);
                return null;
            }), writers);
            Thread.sleep(HELD_MS);
            older.commit();
            later.get(30, TimeUnit.SECONDS);
        } finally {
            writers.shutdownNow();
        }
        // the later writer's line: most of its wait was for the older transaction (the older writer may log too)
        assertThat(lines).as("the log").anySatisfy(line -> {
            assertThat(line).startsWith("slow event publication for transaction");
            assertThat(millisAfter(line, "passes of its own,")).isGreaterThan(HELD_MS * 0.5);
        });
    }

    /** The figure in milliseconds that follows {@code label} in a log line. */
    private static double millisAfter(String line, String label) {
        Matcher matcher = Pattern.compile(label + " ([0-9.]+) ms").matcher(line);
        assertThat(matcher.find()).as("'%s' in: %s", label, line).isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
