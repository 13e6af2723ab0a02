package org.pouw.bench.market;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a drain's worker time went: claim calls, proving, submit calls (each over all workers), so a slow figure
 * says whether the node's answers or the workers' own work held it back.
 */
final class WorkerPhases {
    private final AtomicLong claimNanos = new AtomicLong();
    private final AtomicLong claims = new AtomicLong();
    private final AtomicLong proveNanos = new AtomicLong();
    private final AtomicLong submitNanos = new AtomicLong();
    private final AtomicLong submits = new AtomicLong();

    void claim(long nanos) {
        claimNanos.addAndGet(nanos);
        claims.incrementAndGet();
    }

    void prove(long nanos) {
        proveNanos.addAndGet(nanos);
    }

    void submit(long nanos) {
        submitNanos.addAndGet(nanos);
        submits.incrementAndGet();
    }

    String describe() {
        return String.format(Locale.ROOT, "worker time: %,d claim calls (%.1f ms each), proving %.1f s in all,"
                        + " %,d submit calls (%.1f ms each)", claims.get(), claimNanos.get() / 1e6 / Math.max(1,
                        claims.get()), proveNanos.get() / 1e9, submits.get(),
                submitNanos.get() / 1e6 / Math.max(1, submits.get()));
    }
}
