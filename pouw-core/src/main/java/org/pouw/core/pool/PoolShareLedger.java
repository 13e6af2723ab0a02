package org.pouw.core.pool;

/**
 * The mining pool's accounting port (issue 23 §4): accepted shares, each counted once across every pool process that
 * shares the store, committed before the pool answers the miner. Adapters: {@link InMemoryPoolShareLedger} for a
 * pool on its own; SQLite and PostgreSQL in pouw-store (one contract test for all).
 */
public interface PoolShareLedger {
    /**
     * Records the share and commits: true the first time its header hash is recorded, false when any pool process
     * on this store counted it already (then nothing changes). The pool acknowledges the share only after true.
     */
    boolean record(AcceptedShare share);

    /**
     * Records the share like {@link #record} but answers at once with what will be known after the commit: the
     * future completes with {@link #record}'s answer only once the share's commit is done (or exceptionally, when it
     * failed and the share does not count). A caller that has several shares to record (a Stratum connection's burst
     * of submits) queues them all and then waits, so they can share one commit; it acknowledges each only after its
     * future completed true. The default records now.
     */
    default java.util.concurrent.CompletableFuture<Boolean> recordLater(AcceptedShare share) {
        try {
            return java.util.concurrent.CompletableFuture.completedFuture(record(share));
        } catch (RuntimeException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Records several shares in one commit (group commit: one flush to disk for many shares), answering for each, in
     * order, what {@link #record} would have: true for the first record of its header hash — also within this batch.
     * All or nothing: when it throws, none of them was recorded. Adapters that can, override this with one
     * transaction; the default records them one by one.
     */
    default java.util.List<Boolean> recordAll(java.util.List<AcceptedShare> shares) {
        java.util.List<Boolean> firsts = new java.util.ArrayList<>(shares.size());
        for (AcceptedShare share : shares) {
            firsts.add(record(share));
        }
        return firsts;
    }

    /** The miner's accepted work on one challenge. */
    AcceptedWork onChallenge(String miner, String challengeId);

    /**
     * The miner's work accepted from the start of {@code sinceMs}'s second on: the sliding window, at a second's
     * resolution (stores sum the work per second, once per group commit, rather than index every share).
     */
    AcceptedWork since(String miner, long sinceMs);

    /** Forgets shares whose {@code keepUntilMs} has passed; answers how many. */
    int prune(long nowMs);
}
