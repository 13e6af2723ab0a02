package org.pouw.core.port;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pouw.core.ledger.EntryDraft;
import org.pouw.core.ledger.LedgerEntry;
import org.pouw.core.ledger.PoolStats;

/** The double-entry, hash-chained ledger inside one {@link StoreTx}. */
public interface LedgerStore {
    /**
     * Numbers, chains and stores the entry and applies its postings to the balances. Returns empty, changing
     * nothing, when an entry with the same key exists (so a reward is paid once only, §5), and throws
     * {@link org.pouw.core.PouwException} with {@code INSUFFICIENT_FUNDS} when a posting would take an account
     * other than {@link org.pouw.core.ledger.Accounts#GENESIS} below zero.
     */
    Optional<LedgerEntry> append(EntryDraft draft, long atMs);

    /**
     * Appends several entries with consecutive numbers, in order, with {@link #append}'s meaning for each. Adapters
     * where a round trip is costly write them in a few statements, so the ledger head stays locked briefly.
     */
    default List<Optional<LedgerEntry>> appendAll(List<EntryDraft> drafts, long atMs) {
        List<Optional<LedgerEntry>> entries = new java.util.ArrayList<>(drafts.size());
        for (EntryDraft draft : drafts) {
            entries.add(append(draft, atMs));
        }
        return entries;
    }

    Optional<LedgerEntry> byKey(String key);

    long balance(String account);

    Map<String, Long> balances();

    /** Entries with {@code seq > afterSeq}, in order. */
    List<LedgerEntry> entries(long afterSeq, int limit);

    /** Entries that post to {@code account}, newest first. */
    List<LedgerEntry> entriesFor(String account, int limit);

    PoolStats pool();
}
