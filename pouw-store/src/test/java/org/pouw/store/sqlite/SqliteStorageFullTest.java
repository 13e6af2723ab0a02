package org.pouw.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.Problem;
import org.pouw.store.StorageFullException;

/**
 * Issue 24, scenario 5, on the storage alone: SQLite's own {@code SQLITE_FULL} — here from a page limit the test
 * sets on the writer ({@code PRAGMA max_page_count}), the answer SQLite gives a write that needs a page it may not
 * have — is a {@link StorageFullException} (503 {@code storage_full} at the edge), counted, with the database still
 * reachable and reading; and the writer takes the next write once there is room again. DiskFullFailoverIT does the
 * same with a real full file system under a node process.
 */
class SqliteStorageFullTest {
    @TempDir
    Path dir;

    @Test
    void aWriteRefusedForWantOfSpaceIsStorageFullAndTheWriterWritesAgainOnceThereIsRoom() {
        Random random = new Random(24);
        try (SqliteStorage storage = SqliteStorage.open(dir, 1)) {
            String kept = storage.blobs().put(bytes(random, 100));
            long pages = storage.writeSql(sql -> sql.longValue("PRAGMA page_count", 0));
            storage.writeSql(sql -> sql.longValue("PRAGMA max_page_count = " + pages, 0));

            for (int i = 0; i < 3; i++) {
                byte[] big = bytes(random, 64 * 1024);
                assertThatThrownBy(() -> storage.blobs().put(big)).isInstanceOf(StorageFullException.class)
                        .satisfies(e -> assertThat(((StorageFullException) e).problem())
                                .isEqualTo(Problem.STORAGE_FULL));
            }
            assertThat(storage.storageFullRefusals()).isEqualTo(3);
            assertThat(storage.isReachable()).as("a full disk is not a lost database").isTrue();
            assertThat(storage.blobs().get(kept)).as("reads go on").isPresent();

            storage.writeSql(sql -> sql.longValue("PRAGMA max_page_count = 1000000", 0));
            byte[] big = bytes(random, 64 * 1024);
            String key = storage.blobs().put(big);
            assertThat(storage.blobs().get(key)).hasValueSatisfying(read -> assertThat(read).isEqualTo(big));
        }
    }

    private static byte[] bytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }
}
