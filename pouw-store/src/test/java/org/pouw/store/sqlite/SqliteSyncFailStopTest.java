package org.pouw.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.Problem;
import org.pouw.store.DatabaseUnreachableException;
import org.pouw.store.StorageException;
import org.pouw.store.WritesStoppedException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Issue 24, scenario 5's fail-stop on the storage alone: SQLite's {@code SQLITE_IOERR_FSYNC} — as the driver throws
 * it; FsyncFailStopFailoverIT makes the real one with a FUSE file system under a node process — stops writes for
 * good. A commit that met it is in doubt (503 {@code unavailable}); every write after it is refused before it starts
 * (503 {@code storage_sync_failed}); reads go on; the checkpointer that met it never syncs again.
 */
class SqliteSyncFailStopTest {
    @TempDir
    Path dir;

    @Test
    void aFailedSyncUnderAWriteStopsEveryLaterWriteAndLeavesReadsAlone() {
        try (SqliteStorage storage = SqliteStorage.open(dir, 1)) {
            String kept = storage.blobs().put(new byte[] {1, 2, 3});
            assertThat(storage.writesStopped()).isEmpty();

            assertThatThrownBy(() -> storage.writeSql(sql -> {
                throw new StorageException("commit", new SQLiteException("disk I/O error",
                        SQLiteErrorCode.SQLITE_IOERR_FSYNC));
            })).as("the write whose sync failed is in doubt").isInstanceOf(DatabaseUnreachableException.class);

            assertThat(storage.writesStopped()).hasValueSatisfying(cause -> assertThat(cause).contains("I/O"));
            assertThatThrownBy(() -> storage.blobs().put(new byte[] {4})).isInstanceOf(WritesStoppedException.class)
                    .satisfies(e -> assertThat(((WritesStoppedException) e).problem())
                            .isEqualTo(Problem.STORAGE_SYNC_FAILED));
            assertThatThrownBy(() -> storage.writeSql(sql -> sql.longValue("SELECT 1", 0)))
                    .as("nothing but a restart lifts it").isInstanceOf(WritesStoppedException.class);
            assertThat(storage.isReachable()).as("the database still reads").isTrue();
            assertThat(storage.blobs().get(kept)).as("reads go on").isPresent();
        }
        try (SqliteStorage reopened = SqliteStorage.open(dir, 1)) {
            assertThat(reopened.writesStopped()).as("a restart opens the database afresh").isEmpty();
            reopened.blobs().put(new byte[] {5});
        }
    }

    @Test
    void anotherIoErrorIsALostFileNotAStop() {
        try (SqliteStorage storage = SqliteStorage.open(dir, 1)) {
            assertThatThrownBy(() -> storage.writeSql(sql -> {
                throw new StorageException("read", new SQLiteException("disk I/O error",
                        SQLiteErrorCode.SQLITE_IOERR_READ));
            })).isInstanceOf(DatabaseUnreachableException.class);
            assertThat(storage.writesStopped()).as("only a failed sync stops writes for good").isEmpty();
        }
    }

    @Test
    void theCheckpointerStopsWritesAtItsFirstFailedSyncAndNeverSyncsAgain() throws Exception {
        AtomicInteger checkpoints = new AtomicInteger();
        // A connection whose checkpoint fails the way SQLite's does when the OS answers its fsync with EIO.
        Statement failing = (Statement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Statement.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "execute" -> {
                        checkpoints.incrementAndGet();
                        throw new SQLiteException("disk I/O error", SQLiteErrorCode.SQLITE_IOERR_FSYNC);
                    }
                    case "close" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        Connection connection = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "createStatement" -> failing;
                    case "close" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        SqliteSyncFailStop stop = new SqliteSyncFailStop("pouw.db");
        try (SqliteCheckpointer checkpointer = new SqliteCheckpointer(connection, stop)) {
            // Its own schedule trips it (the checkpoint that fails is the scheduled one, on its thread).
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (stop.cause() == null && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(stop.cause()).contains("checkpoint");
            int tried = checkpoints.get();
            checkpointer.checkpoint();
            checkpointer.checkpoint();
            assertThat(checkpoints.get()).as("no checkpoint, so no fsync, after the failed one").isEqualTo(tried);
            assertThatThrownBy(stop::checkWritable).isInstanceOf(WritesStoppedException.class);
        }
    }
}
