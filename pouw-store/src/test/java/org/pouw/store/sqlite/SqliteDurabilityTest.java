package org.pouw.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link SqliteStorage#durability()} reports is what SQLite runs with on a real file: the write-ahead log and
 * {@code synchronous=NORMAL}, the setting the receipts benchmark prints beside its figures (docs/gate.md §12).
 */
class SqliteDurabilityTest {
    @TempDir
    Path folder;

    @Test
    void aFreshDatabaseRunsInWalModeWithNormalSynchronous() {
        try (SqliteStorage storage = SqliteStorage.open(folder, 1)) {
            assertThat(storage.durability()).isEqualTo("journal_mode=wal, synchronous=NORMAL");
        }
    }
}
