package org.pouw.worker;

import java.util.concurrent.atomic.AtomicLong;

/** Running totals of one worker process, for the display and for whoever embeds the worker. Thread-safe. */
public final class WorkerStats {
    private final AtomicLong claimed = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong leasesLost = new AtomicLong();
    private final AtomicLong released = new AtomicLong();
    private final AtomicLong totalReward = new AtomicLong();

    /**
     * A consistent-enough copy of the totals.
     *
     * @param claimed    jobs the node leased to this worker
     * @param completed  proofs the node accepted and paid
     * @param rejected   proofs the node's verifier rejected
     * @param failed     jobs the prover could not do, reported through {@code /fail}
     * @param leasesLost jobs abandoned because their lease moved on (409, or expired while the node was away)
     * @param released   jobs handed back unfinished at shutdown
     * @param totalReward rewards paid for accepted proofs, in base units
     */
    public record Snapshot(long claimed, long completed, long rejected, long failed, long leasesLost, long released,
                           long totalReward) {
    }

    public Snapshot snapshot() {
        return new Snapshot(claimed.get(), completed.get(), rejected.get(), failed.get(), leasesLost.get(),
                released.get(), totalReward.get());
    }

    void claimed() {
        claimed.incrementAndGet();
    }

    void completed(long reward) {
        completed.incrementAndGet();
        totalReward.addAndGet(reward);
    }

    void rejected() {
        rejected.incrementAndGet();
    }

    void failed() {
        failed.incrementAndGet();
    }

    void leaseLost() {
        leasesLost.incrementAndGet();
    }

    void released() {
        released.incrementAndGet();
    }
}
