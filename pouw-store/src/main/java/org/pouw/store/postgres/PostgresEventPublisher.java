package org.pouw.store.postgres;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.pouw.store.ConnectionGate;
import org.pouw.store.jdbc.SqlTransactions;

/**
 * Numbers the events of ended transactions and makes them readable (issue 26; the V19 migration gives the rule).
 * Publishing runs right after each commit that appended events (so a writer's own events are readable when its
 * write returns, unless an older transaction is still running) and on a timer, which publishes what waited for such
 * an older transaction and what other nodes' writers left. One publisher at a time across all nodes (an advisory
 * lock); each pass is one short transaction of one statement ({@code publish_events}, V42) and its commit.
 *
 * <p>The pass commits without waiting for the disk ({@code synchronous_commit = off}): the numbering is a function
 * of the committed events alone (their transaction ids and positions), so a pass lost in a crash is redone after
 * the restart with the very same numbers, and nothing a reader saw changes.
 */
final class PostgresEventPublisher implements AutoCloseable {
    /** The advisory lock's key: "pouw-evt" in ASCII. */
    private static final long LOCK_KEY = 0x706f_7577_2d65_7674L;
    private static final int MOVE_LIMIT = 5_000;
    private static final long TICK_MS = 200;
    /** How long a writer waits for an older transaction to end before leaving its events to the timer. */
    private static final long WAIT_MS = 2_000;
    /** The longest a waiter lets pass before its next try when no pass of this node tells it of the end it awaits. */
    private static final long MAX_PAUSE_MS = 16;
    /** One pass in one statement (V42): the lock, then the moves of V19's numbering rule; answers the horizon. */
    private static final String PASS = "SELECT publish_events(?, ?)";

    private final SqlTransactions database;
    private final ScheduledExecutorService timer;
    private final AtomicLong commits = new AtomicLong();
    private final ReentrantLock passes = new ReentrantLock();
    private final SlowPublicationLog slow = new SlowPublicationLog();
    /** Signalled after every pass that reached its horizon: waiters it covered return at once. */
    private final Condition passed = passes.newCondition();
    /** The commits (counted by {@link #commits}) that a finished or running pass started after; under the lock. */
    private long coveredThrough;
    /** The highest horizon a pass of this node reached: every transaction below it is published. Under the lock. */
    private long horizon;

    PostgresEventPublisher(SqlTransactions database) {
        this.database = database;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "pouw-event-publisher");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts publishing on the timer. */
    void start() {
        timer.scheduleWithFixedDelay(this::publishQuietly, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Publishes after the commit of transaction {@code tx}, which appended events, and returns once they are
     * readable: once a pass has run whose horizon is past {@code tx}. While an older transaction still runs, that
     * takes until it ends (the writer waits for the watermark, as it used to wait for the counter's lock, but the
     * commits themselves no longer wait for each other), at most {@link #WAIT_MS}; then the timer publishes them.
     * Concurrent callers on this node share passes: one pass and one connection at a time, however many writers
     * commit, and a waiter is released by whichever pass covers it, at once. The older transaction is most often
     * this node's other claim group, whose writer runs that pass right after its own commit; a waiter that slept
     * until its own next try instead (up to 16 ms) made the longest claim waits at 1,000 claims/s (issue 26).
     * Never fails: the write already committed.
     */
    void publishAfterCommit(long tx) {
        long ticket = commits.incrementAndGet();
        long startedNs = System.nanoTime();
        long deadline = startedNs + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        long passNs = 0;
        int passCount = 0;
        passes.lock();
        long lockedNs = System.nanoTime();
        try {
            for (long pauseMs = 1; ; pauseMs = Math.min(2 * pauseMs, MAX_PAUSE_MS)) {
                if (coveredThrough < ticket || horizon <= tx) {
                    coveredThrough = commits.get(); // every commit counted so far precedes the pass about to start
                    passNs += publishQuietly();
                    passCount++;
                }
                if (horizon > tx) {
                    return;
                }
                long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (!awaitPassPast(tx, Math.min(pauseMs, leftMs))) {
                    return; // waited long enough (or interrupted): the timer publishes them
                }
                if (horizon > tx) {
                    return;
                }
            }
        } finally {
            long reached = horizon;
            passes.unlock();
            slow.writerWaited(tx, System.nanoTime() - startedNs, lockedNs - startedNs, passNs,
                    passCount, reached);
        }
    }

    /**
     * Waits, the lock released meanwhile, until another pass covers {@code tx} or {@code pauseMs} pass (for an
     * older transaction of another node, or one that appended no events, no pass of ours is told of its end: then
     * the caller tries again). Answers false when the caller must stop waiting.
     */
    private boolean awaitPassPast(long tx, long pauseMs) {
        if (pauseMs <= 0) {
            return false;
        }
        long remaining = TimeUnit.MILLISECONDS.toNanos(pauseMs);
        try {
            while (horizon <= tx && remaining > 0) {
                remaining = passed.awaitNanos(remaining);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * One pass, for a caller that must not fail for it: a write that already committed, or the timer. What is not
     * published now is published by the next pass. Answers how long the pass took, in nanoseconds.
     */
    long publishQuietly() {
        passes.lock();
        SlowPublicationLog.Pass pass = new SlowPublicationLog.Pass();
        boolean failed = false;
        try {
            horizon = Math.max(horizon, publish(pass));
            passed.signalAll();
        } catch (RuntimeException e) {
            failed = true; // the database is down or busy; the timer's next pass publishes what is left
        } finally {
            passes.unlock();
        }
        return pass.ended(failed);
    }

    /**
     * Publishes every event of an ended transaction and answers the pass's horizon: every transaction below it has
     * its events published. Takes a place beyond the writers' line (upkeep): a flood of requests must not keep
     * committed events from readers.
     */
    private long publish(SlowPublicationLog.Pass pass) {
        return ConnectionGate.asUpkeep(() -> database.writeSql(sql -> {
            pass.connected();
            long reached = sql.longValue(PASS, 0, LOCK_KEY, MOVE_LIMIT);
            pass.moved();
            return reached;
        }));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
