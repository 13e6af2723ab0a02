package org.pouw.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.event.EventDraft;
import org.pouw.core.ledger.Accounts;
import org.pouw.core.ledger.EntryDraft;
import org.pouw.core.ledger.EntryKind;
import org.pouw.core.ledger.LedgerEntry;
import org.pouw.core.ledger.Posting;
import org.pouw.core.port.StoreTx;
import org.pouw.store.sqlite.SqliteSnapshot;
import org.pouw.store.sqlite.SqliteStorage;

/** The head a backup records and a restore checks, read from a real SQLite file, live and as a copy. */
class HistoryHeadTest {
    @TempDir
    Path dir;

    @Test
    void an_empty_database_ends_at_zero_everywhere() {
        try (SqliteStorage storage = SqliteStorage.open(dir, 1)) {
            assertThat(storage.readSql(HistoryHead::read)).isEqualTo(new HistoryHead(0, "", 0, 0));
        }
    }

    @Test
    void the_head_is_the_last_entry_the_last_event_and_the_restore_epoch_live_and_in_a_copy() {
        LedgerEntry last;
        long epoch;
        try (SqliteStorage storage = SqliteStorage.open(dir, 1)) {
            storage.write((StoreTx tx) -> tx.ledger().append(genesis("did:key:z6MkAlice"), 10));
            last = storage.write((StoreTx tx) -> {
                tx.events().append(new EventDraft("one", "", "", "{}"), 11);
                tx.events().append(new EventDraft("two", "", "", "{}"), 11);
                return tx.ledger().append(genesis("did:key:z6MkBob"), 11);
            }).orElseThrow();
            epoch = storage.writeSql(RestoreEpoch::rotate);
            assertThat(storage.readSql(HistoryHead::read)).isEqualTo(new HistoryHead(2, last.hash(), 2, epoch));
        }
        assertThat(last.seq()).isEqualTo(2);
        Path copy = dir.resolve("copy.db");
        SqliteSnapshot.copy(dir, copy);
        assertThat(SqliteSnapshot.head(copy)).isEqualTo(new HistoryHead(2, last.hash(), 2, epoch));
    }

    private static EntryDraft genesis(String account) {
        return new EntryDraft(EntryKind.GENESIS, "genesis:" + account,
                List.of(new Posting(Accounts.GENESIS, -5), new Posting(account, 5)), List.of(), "dev");
    }
}
