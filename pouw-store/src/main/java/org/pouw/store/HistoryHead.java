package org.pouw.store;

import org.pouw.store.jdbc.SqlSession;

/**
 * Where a database's histories end: its last ledger entry (number and hash; 0 and "" for an empty ledger), its last
 * event, and its {@link RestoreEpoch}. A backup's manifest records it, a restore checks the copy against it and
 * reports it (issue 24, scenario 6); the same queries serve SQLite and PostgreSQL.
 */
public record HistoryHead(long ledgerSeq, String ledgerHash, long eventSeq, long restoreEpoch) {
    private static final String LAST_ENTRY = "SELECT seq, hash FROM ledger_entries ORDER BY seq DESC LIMIT 1";
    private static final String LAST_EVENT = "SELECT COALESCE(MAX(seq), 0) FROM events";

    /** Reads the head in {@code sql}'s transaction. */
    public static HistoryHead read(SqlSession sql) {
        record Entry(long seq, String hash) {
        }
        Entry last = sql.first(LAST_ENTRY, row -> new Entry(row.getLong(1), row.getString(2)))
                .orElse(new Entry(0, ""));
        return new HistoryHead(last.seq(), last.hash(), sql.longValue(LAST_EVENT, 0), RestoreEpoch.read(sql));
    }
}
