package org.pouw.node.http;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.pouw.core.market.MarketObserver;

/**
 * Wakes SSE streams when this node appends events, so they deliver at once instead of on their next poll. Events
 * another node appended to a shared database are picked up by that poll. A store that numbers events after their
 * commit (PostgreSQL) reports seq 0, "appended, number not known here": that wakes every stream once, to read.
 */
public final class EventSignal implements MarketObserver {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    private long latest;
    /** Counts reports of events whose numbers are not known here (seq 0), so a waiter sees that one came. */
    private long unnumbered;

    @Override
    public void eventsAppended(long lastSeq) {
        lock.lock();
        try {
            if (lastSeq > latest) {
                latest = lastSeq;
            }
            if (lastSeq == 0) {
                unnumbered++;
            }
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until an event after {@code seq} is known here, or events whose numbers are not known here were
     * appended, or {@code timeoutMs} passes.
     */
    public void awaitAfter(long seq, long timeoutMs) throws InterruptedException {
        lock.lock();
        try {
            long nanos = timeoutMs * 1_000_000L;
            long seen = unnumbered;
            while (latest <= seq && unnumbered == seen && nanos > 0) {
                nanos = appended.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }
}
