package org.pouw.store.postgres;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.pouw.store.ConnectionGate;
import org.pouw.store.jdbc.SqlSession;
import org.pouw.store.jdbc.SqlTransactions;

/**
 * Numbers the events of ended transactions and makes them readable (issue 26; the V19 migration gives the rule).
 * Publishing runs right after each commit that appended events (so a writer's own events are readable when its
 * write returns, unless an older transaction is still running) and on a timer, which publishes what waited for such
 * an older transaction and what other nodes' writers left. One publisher at a time across all nodes (an advisory
 * lock); each pass is one short transaction.
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
    private static final String HORIZON = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint";
    private static final String LOCK = """
            SELECT pg_advisory_xact_lock(?), set_config('synchronous_commit', 'off', true)""";
    // Moves the oldest unpublished events of ended transactions (those older than the oldest one still running),
    // numbering them after the last published one in (transaction id, position) order.
    private static final String MOVE = """
            WITH moved AS (
                DELETE FROM events_unpublished
                WHERE position IN (SELECT position FROM events_unpublished
                                   WHERE tx < pg_snapshot_xmin(pg_current_snapshot())
                                   ORDER BY tx, position LIMIT ?)
                RETURNING tx, position, type, job_id, intent_id, data, at_ms),
            published AS (SELECT coalesce(max(seq), 0) AS seq FROM events)
            INSERT INTO events (seq, type, job_id, intent_id, data, at_ms)
            SELECT published.seq + row_number() OVER (ORDER BY moved.tx, moved.position),
                   moved.type, moved.job_id, moved.intent_id, moved.data, moved.at_ms
            FROM moved, published
            RETURNING seq""";

    private final SqlTransactions database;
    private final ScheduledExecutorService timer;
    private final AtomicLong commits = new AtomicLong();
    private final ReentrantLock passes = new ReentrantLock();
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
     * commit. Never fails: the write already committed.
     */
    void publishAfterCommit(long tx) {
        long ticket = commits.incrementAndGet();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        for (long pauseMs = 1; ; pauseMs = Math.min(2 * pauseMs, 16)) {
            passes.lock();
            try {
                if (coveredThrough < ticket || horizon <= tx) {
                    coveredThrough = commits.get(); // every commit counted so far precedes the pass about to start
                    publishQuietly();
                }
                if (horizon > tx) {
                    return;
                }
            } finally {
                passes.unlock();
            }
            if (System.nanoTime() - deadline > 0) {
                return;
            }
            try {
                Thread.sleep(pauseMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * One pass, for a caller that must not fail for it: a write that already committed, or the timer. What is not
     * published now is published by the next pass.
     */
    void publishQuietly() {
        passes.lock();
        try {
            horizon = Math.max(horizon, publish());
        } catch (RuntimeException e) {
            // the database is down or busy; the timer's next pass publishes what is left
        } finally {
            passes.unlock();
        }
    }

    /**
     * Publishes every event of an ended transaction and answers the pass's horizon: every transaction below it has
     * its events published. Takes a place beyond the writers' line (upkeep): a flood of requests must not keep
     * committed events from readers.
     */
    private long publish() {
        return ConnectionGate.asUpkeep(() -> database.writeSql(PostgresEventPublisher::publishOn));
    }

    private static long publishOn(SqlSession sql) {
        sql.first(LOCK, row -> Boolean.TRUE, LOCK_KEY);
        // read after the lock is held, so at or below the horizon of the moves that follow
        long horizon = sql.longValue(HORIZON, 0);
        int moved;
        do { // more may wait than one statement moves; the next statement takes the following ones
            moved = sql.list(MOVE, row -> row.getLong(1), MOVE_LIMIT).size();
        } while (moved == MOVE_LIMIT);
        return horizon;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
