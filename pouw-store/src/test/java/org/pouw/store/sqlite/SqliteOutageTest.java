package org.pouw.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.event.EventDraft;
import org.pouw.core.port.StoreTx;
import org.pouw.store.DatabaseUnreachableException;
import org.pouw.store.support.ReachabilityWait;

/**
 * Issue 18 defect 8 on SQLite: the database file is replaced under a running node (moved away, garbage in its
 * place). The storage's open connections would go on using the old file unnoticed; the health probe sees the path
 * no longer names it, and every call fails fast as unreachable until the file is back, when calls work again and
 * see everything written before.
 */
class SqliteOutageTest {
    @TempDir
    Path dir;

    @Test
    void a_replaced_database_file_fails_calls_fast_until_it_is_back() throws Exception {
        try (SqliteStorage storage = SqliteStorage.open(dir, 2)) {
            storage.write((StoreTx tx) -> tx.events().append(new EventDraft("before", "", "", "{}"), 1));
            Path file = storage.file();
            Path moved = dir.resolve("pouw.db.moved");
            Files.move(file, moved);
            Files.writeString(file, "this is not an SQLite database, whatever its name says");

            ReachabilityWait.until(storage::isReachable, false);
            long started = System.nanoTime();
            assertThatThrownBy(() -> storage.write((StoreTx tx) -> tx.events().lastSeq()))
                    .isInstanceOf(DatabaseUnreachableException.class).hasMessageContaining("unreachable");
            assertThatThrownBy(() -> storage.read((StoreTx tx) -> tx.events().lastSeq()))
                    .isInstanceOf(DatabaseUnreachableException.class);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).as("failed without waiting")
                    .isLessThan(3_000);

            Files.move(moved, file, StandardCopyOption.REPLACE_EXISTING);
            ReachabilityWait.until(storage::isReachable, true);
            storage.write((StoreTx tx) -> tx.events().append(new EventDraft("after", "", "", "{}"), 2));
            assertThat(storage.read((StoreTx tx) -> tx.events().lastSeq())).isEqualTo(2);
        }
        try (SqliteStorage reopened = SqliteStorage.open(dir, 1)) {
            assertThat(reopened.read((StoreTx tx) -> tx.events().lastSeq())).as("both writes are in the file")
                    .isEqualTo(2);
        }
    }
}
