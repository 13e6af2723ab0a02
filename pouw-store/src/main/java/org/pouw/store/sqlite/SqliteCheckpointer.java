package org.pouw.store.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.pouw.store.StorageException;

/**
 * Copies the write-ahead log back into the database file on a thread of its own. Left to SQLite, the checkpoint
 * runs inside whichever commit crosses the auto-checkpoint size, and that commit pays for two fsyncs: measured here,
 * that was the largest single cost of settling a job. A PASSIVE checkpoint never waits for readers or the writer,
 * so the writer's commits stay free of disk syncs; the auto-checkpoint stays on, at a larger size, as the backstop.
 */
final class SqliteCheckpointer implements AutoCloseable {
    private static final long INTERVAL_MS = 200;

    private final Connection connection;
    private final ScheduledExecutorService thread;
    private final SqliteSyncFailStop syncFailStop;

    SqliteCheckpointer(Connection connection, SqliteSyncFailStop syncFailStop) {
        this.connection = connection;
        this.syncFailStop = syncFailStop;
        this.thread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread daemon = new Thread(task, "sqlite-checkpointer");
            daemon.setDaemon(true);
            return daemon;
        });
        thread.scheduleWithFixedDelay(this::checkpoint, INTERVAL_MS, INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    void checkpoint() {
        if (syncFailStop.cause() != null) {
            return; // never sync again after a failed sync: a later success would prove nothing
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (SQLException e) {
            // The checkpoint syncs the log before copying it into the database file, and the file after: the
            // first sync of commits that synchronous=NORMAL acknowledged without one. Its failure stops writes.
            if (new StorageException("checkpoint", e).isSyncFailed()) {
                syncFailStop.trip("checkpoint: " + e.getMessage());
            }
            // Any other failure: the checkpoint runs on the next tick, or in a commit at the backstop size.
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Closing after the last checkpoint; the log is replayed on the next open if anything is left.
        }
    }
}
