package org.pouw.pool.ledger;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.pouw.core.pool.AcceptedShare;
import org.pouw.core.pool.AcceptedWork;
import org.pouw.core.pool.InMemoryPoolShareLedger;
import org.pouw.core.pool.PoolShareLedger;

/**
 * Test support: an in-memory share store whose commits wait until {@link #open()} is counted down, so a test can
 * look at what was answered while a commit is in flight; it keeps the size of every group it committed.
 */
public final class GatedShareStore implements PoolShareLedger {
    private final InMemoryPoolShareLedger memory = new InMemoryPoolShareLedger();
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch open = new CountDownLatch(1);
    private final List<Integer> groups = new CopyOnWriteArrayList<>();

    /** Counted down when the first commit starts. */
    public CountDownLatch entered() {
        return entered;
    }

    /** Count it down to let every commit through. */
    public CountDownLatch open() {
        return open;
    }

    public List<Integer> groups() {
        return groups;
    }

    @Override
    public synchronized List<Boolean> recordAll(List<AcceptedShare> shares) {
        entered.countDown();
        try {
            open.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted before the commit", e);
        }
        groups.add(shares.size());
        return memory.recordAll(shares);
    }

    @Override
    public boolean record(AcceptedShare share) {
        return recordAll(List.of(share)).getFirst();
    }

    @Override
    public AcceptedWork onChallenge(String miner, String challengeId) {
        return memory.onChallenge(miner, challengeId);
    }

    @Override
    public AcceptedWork since(String miner, long sinceMs) {
        return memory.since(miner, sinceMs);
    }

    @Override
    public int prune(long nowMs) {
        return memory.prune(nowMs);
    }
}
