package org.pouw.store.postgres;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Says where a slow event publication spent its time (issue 26: a quiet run held one 0.6 s stall in the claims'
 * publish phase, and nothing told whether the pass itself was slow or the writer waited for an older transaction).
 * A pass is split into the wait for a connection (the upkeep place in the writers' line and the pool), the
 * {@code publish_events} statement (the advisory lock, then the moves) and its commit; a writer's wait into the time
 * in passes and the time waiting for a transaction older than its own to end. Only waits over {@link #SLOW_MS} are
 * logged, so a healthy node logs nothing.
 */
final class SlowPublicationLog {
    static final long SLOW_MS = 100;
    private static final Logger LOG = System.getLogger(PostgresEventPublisher.class.getName());
    /** When this node's publisher last logged a writer's wait, and how long that wait was; under this object. */
    private long lastWriterLineNs = System.nanoTime() - TimeUnit.SECONDS.toNanos(2);
    private long lastWriterWaitNs;

    /** The moments one pass reached, from {@link System#nanoTime()}; written by the thread that runs the pass. */
    static final class Pass {
        private final long startedNs = System.nanoTime();
        private long connectedNs;
        private long movedNs;

        void connected() {
            connectedNs = System.nanoTime();
        }

        void moved() {
            movedNs = System.nanoTime();
        }

        /** Logs the pass if it was slow; answers its length in nanoseconds. */
        long ended(boolean failed) {
            long endedNs = System.nanoTime();
            long tookNs = endedNs - startedNs;
            if (tookNs > TimeUnit.MILLISECONDS.toNanos(SLOW_MS)) {
                // a pass that failed before the statement has no later moments: its whole time was the connection's
                long connected = connectedNs == 0 ? endedNs : connectedNs;
                long moved = movedNs == 0 ? Math.max(connected, endedNs) : movedNs;
                LOG.log(Level.INFO, "slow event publication pass{0}: {1} ms, of which waiting for a connection {2} ms,"
                                + " publish_events (advisory lock and moves) {3} ms, commit {4} ms",
                        failed ? " (failed)" : "", millis(tookNs), millis(connected - startedNs),
                        millis(moved - connected), millis(endedNs - moved));
            }
            return tookNs;
        }
    }

    /**
     * Logs a writer's wait for its events to be published if it was slow: {@code lockNs} of it waiting for this
     * node's pass in progress, {@code passNs} in the passes this writer ran, the rest waiting for a transaction older
     * than its own to end (passes whose horizon stayed at or below it, or another writer's pass that covered it).
     */
    void writerWaited(long tx, long waitedNs, long lockNs, long passNs, int passes, long horizon) {
        if (waitedNs <= TimeUnit.MILLISECONDS.toNanos(SLOW_MS) || !worthALine(waitedNs)) {
            return;
        }
        LOG.log(Level.INFO, "slow event publication for transaction {0}: {1} ms, of which {2} ms waiting for the"
                        + " pass in progress, {3} ms in {4} passes of its own, {5} ms waiting for older"
                        + " transactions or others'' passes (horizon {6})", Long.toString(tx), millis(waitedNs),
                millis(lockNs), millis(passNs), passes, millis(waitedNs - lockNs - passNs), Long.toString(horizon));
    }

    /**
     * In a stall every writer of the node waits: one line a second, and within the second only a wait longer than
     * the last one logged (the stall's worst case says the most).
     */
    private synchronized boolean worthALine(long waitedNs) {
        long now = System.nanoTime();
        if (now - lastWriterLineNs <= TimeUnit.SECONDS.toNanos(1) && waitedNs <= lastWriterWaitNs) {
            return false;
        }
        lastWriterLineNs = now;
        lastWriterWaitNs = waitedNs;
        return true;
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
