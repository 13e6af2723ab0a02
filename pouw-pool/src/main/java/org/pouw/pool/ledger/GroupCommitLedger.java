package org.pouw.pool.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.pouw.core.pool.AcceptedShare;
import org.pouw.core.pool.AcceptedWork;
import org.pouw.core.pool.PoolShareLedger;

/**
 * Group commit of share records (issue 23 §4: "a share is acknowledged only after its group commit"): each
 * {@link #record} waits while one committer thread writes every share queued meanwhile in one
 * {@link PoolShareLedger#recordAll} — one transaction, one flush to disk — and then answers each waiter. Under load
 * many shares share a flush; a lone share waits for no timer, only for the commit in progress. The answer still comes
 * only after the commit, so nothing acknowledged can be lost by a crash; a commit that fails fails every share in it,
 * none acknowledged.
 *
 * <p>{@link #recordLater} queues a share without waiting, so one caller with several shares in hand (a Stratum
 * connection's pipelined submits) puts them all in the coming group rather than one a commit: groups grow with the
 * shares offered while a commit is in flight, not only with the number of waiting threads.
 */
public final class GroupCommitLedger implements PoolShareLedger, AutoCloseable {
    /** The most shares in one transaction: bounds one commit's time and what a failure refuses. */
    public static final int MAX_GROUP = 512;

    private record Pending(AcceptedShare share, CompletableFuture<Boolean> first) {
    }

    private final PoolShareLedger store;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread committer;
    private volatile boolean closed;
    private volatile long commits;
    private volatile long recorded;

    public GroupCommitLedger(PoolShareLedger store) {
        this.store = store;
        this.committer = Thread.ofPlatform().daemon().name("pool-share-group-commit").start(this::commitLoop);
    }

    @Override
    public boolean record(AcceptedShare share) {
        try {
            return recordLater(share).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("recording a share failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the share was committed; it may or may not count", e);
        }
    }

    /** Queues the share for the coming group commit; the future completes once that commit is done. */
    @Override
    public CompletableFuture<Boolean> recordLater(AcceptedShare share) {
        if (closed) {
            throw new IllegalStateException("the share ledger is closed");
        }
        Pending pending = new Pending(share, new CompletableFuture<>());
        queue.add(pending);
        if (closed && queue.remove(pending)) {
            // Closed while this was queued, after the committer's last look: it never reaches a commit.
            pending.first().completeExceptionally(new IllegalStateException("the share ledger is closed"));
        }
        return pending.first();
    }

    private void commitLoop() {
        List<Pending> group = new ArrayList<>(MAX_GROUP);
        while (!closed) {
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(group, MAX_GROUP - 1);
            List<AcceptedShare> shares = new ArrayList<>(group.size());
            for (Pending pending : group) {
                shares.add(pending.share());
            }
            try {
                List<Boolean> firsts = store.recordAll(shares);
                commits++;
                recorded += group.size();
                for (int i = 0; i < group.size(); i++) {
                    group.get(i).first().complete(firsts.get(i));
                }
            } catch (RuntimeException e) {
                group.forEach(pending -> pending.first().completeExceptionally(e));
            }
            group.clear();
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.first().completeExceptionally(new IllegalStateException("the share ledger closed before the share "
                    + "was committed; it does not count"));
        }
    }

    /** Transactions committed so far, and the shares they held: their ratio is the mean group size. */
    public long commits() {
        return commits;
    }

    public long recorded() {
        return recorded;
    }

    @Override
    public List<Boolean> recordAll(List<AcceptedShare> shares) {
        return store.recordAll(shares);
    }

    @Override
    public AcceptedWork onChallenge(String miner, String challengeId) {
        return store.onChallenge(miner, challengeId);
    }

    @Override
    public AcceptedWork since(String miner, long sinceMs) {
        return store.since(miner, sinceMs);
    }

    @Override
    public int prune(long nowMs) {
        return store.prune(nowMs);
    }

    @Override
    public void close() {
        closed = true;
        committer.interrupt();
        try {
            committer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
