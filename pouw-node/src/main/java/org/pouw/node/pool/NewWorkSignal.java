package org.pouw.node.pool;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.pouw.core.market.MarketObserver;

/**
 * Tells the node's own workers when jobs are created, so an idle loop claims them at once instead of waiting out its
 * polling delay. Jobs that return to the queue (a lapsed lease, a failure) are found by that polling.
 */
public final class NewWorkSignal implements MarketObserver {
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** {@code listener} runs on the thread that created the jobs, so it must only wake someone up. */
    public void whenJobsCreated(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void jobsCreated(String kind, int count) {
        listeners.forEach(Runnable::run);
    }
}
