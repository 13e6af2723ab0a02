package org.pouw.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.event.EventDraft;
import org.pouw.core.ledger.Accounts;
import org.pouw.core.ledger.EntryDraft;
import org.pouw.core.ledger.EntryKind;
import org.pouw.core.ledger.Posting;
import org.pouw.core.port.StoreTx;

class SqliteContentsTest {
    @TempDir
    Path dir;

    @Test
    void counts_what_the_store_wrote_while_the_store_is_open() {
        try (SqliteStorage storage = SqliteStorage.open(dir, 1)) {
            Path file = dir.resolve(SqliteStorage.FILE_NAME);
            assertThat(SqliteContents.of(file)).isEqualTo(new SqliteContents(0, 0, 0, 0));

            storage.blobs().put(new byte[3 << 20]);
            storage.blobs().put(new byte[1 << 20]);
            storage.write((StoreTx tx) -> {
                tx.events().append(new EventDraft("one", "", "", "{}"), 1);
                return tx.ledger().append(new EntryDraft(EntryKind.GENESIS, "genesis:a", List.of(
                        new Posting(Accounts.GENESIS, -5), new Posting("did:key:z6MkA", 5)), List.of(), "dev"), 1);
            });
            SqliteContents contents = SqliteContents.of(file);
            assertThat(contents).isEqualTo(new SqliteContents(4L << 20, 0, 1, 1));
            assertThat(contents.describe()).isEqualTo("4 MB of blob content, 0 jobs, 1 events, 1 ledger entries");
        }
    }
}
