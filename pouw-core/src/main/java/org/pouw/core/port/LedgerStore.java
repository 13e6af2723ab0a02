package org.pouw.core.port;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
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
     * Locks each account's amount (every one &gt; 0) of its balance as collateral (issue 27, item 4) if its balance
     * not yet locked covers it, so two transactions (on one node or two) never lock the same money twice. Returns the
     * first account in name order whose free balance falls short, or empty when all were locked; on a shortfall the
     * caller throws, rolling back whatever was locked. Locks are not ledger entries: the money stays the account's.
     * Adapters where several nodes write serialise this per account, against other locks and against
     * {@link #lockedForSpending}, and never behind the ledger head (docs/economics.md, "Bids and collateral").
     */
    Optional<String> lockCollateral(SortedMap<String, Long> amounts);

    /**
     * Gives back {@code amount} locked by {@link #lockCollateral}; more than is locked is a bug and throws. Takes no
     * lock another writer could be holding: settlements, which hold the ledger head, call it.
     */
    void unlockCollateral(String account, long amount);

    /** What {@code account} has locked as collateral. */
    long locked(String account);

    /**
     * What {@code account} has locked, once no other transaction can lock more of it before this one ends: what a
     * spender checks its new balance against ({@link org.pouw.core.ledger.CollateralLocks}), after its posting.
     */
    default long lockedForSpending(String account) {
        return locked(account);
    }

    /** Every account with collateral locked, and how much. */
    Map<String, Long> locks();

    Map<String, Long> balances();

    /** Entries with {@code seq > afterSeq}, in order. */
    List<LedgerEntry> entries(long afterSeq, int limit);

    /** Entries that post to {@code account}, newest first. */
    List<LedgerEntry> entriesFor(String account, int limit);

    PoolStats pool();
}
