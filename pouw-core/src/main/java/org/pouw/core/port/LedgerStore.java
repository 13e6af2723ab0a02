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

    /**
     * Locks {@code amount} of {@code account}'s balance as collateral (issue 27, item 4) if its balance not yet
     * locked covers it, in one conditional statement, so two transactions (on one node or two) never lock the same
     * money twice; false, changing nothing, when it does not. Locks are not ledger entries: the money stays the
     * account's. Adapters where several nodes write take the ledger head first, so every writer of account rows
     * takes them behind it, in one order.
     */
    boolean lockCollateral(String account, long amount);

    /** Gives back {@code amount} locked by {@link #lockCollateral}; more than is locked is a bug and throws. */
    void unlockCollateral(String account, long amount);

    /** What {@code account} has locked as collateral. */
    long locked(String account);

    /** Every account with collateral locked, and how much. */
    Map<String, Long> locks();

    Map<String, Long> balances();

    /** Entries with {@code seq > afterSeq}, in order. */
    List<LedgerEntry> entries(long afterSeq, int limit);

    /** Entries that post to {@code account}, newest first. */
    List<LedgerEntry> entriesFor(String account, int limit);

    PoolStats pool();
}
