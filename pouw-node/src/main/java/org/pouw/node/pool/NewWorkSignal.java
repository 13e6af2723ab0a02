package org.pouw.node.pool;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.pouw.core.market.MarketObserver;

/** Wakes idle local workers when jobs are created, instead of letting them wait out their poll. */
public final class NewWorkSignal implements MarketObserver {
    private final Semaphore permits = new Semaphore(0);

    @Override
    public void jobsCreated(String kind, int count) {
        permits.release(count);
    }

    /** Waits up to {@code timeoutMs} for news of work. */
    void await(long timeoutMs) throws InterruptedException {
        if (permits.tryAcquire(timeoutMs, TimeUnit.MILLISECONDS)) {
            permits.drainPermits();
        }
    }

    void wakeAll(int threads) {
        permits.release(threads);
    }
}
