package org.pouw.core;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told to; used by tests and by simulations that turn the crank. Its monotonic reading
 * ({@link #nanoTime()}) moves with every {@link #advance} and {@link #set}, so a duration measured across a turn of
 * the crank is the turn.
 */
public final class SettableClock implements Clock {
    private final AtomicLong now;

    public SettableClock(long startMillis) {
        this.now = new AtomicLong(startMillis);
    }

    @Override
    public long millis() {
        return now.get();
    }

    public void set(long millis) {
        now.set(millis);
    }

    public void advance(long millis) {
        now.addAndGet(millis);
    }
}
