package org.pouw.core.market;

import org.pouw.core.Clock;
import org.pouw.core.id.Did;
import org.pouw.core.id.JobId;
import org.pouw.core.job.AttemptOutcome;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobStatus;
import org.pouw.core.port.Storage;

/**
 * A lease holder ending its own lease without a result: giving the job up ({@link #fail}, a strike) or handing it
 * back ({@link #release}, within a budget, none). Both are fenced by the lease token ({@link LeaseFence}).
 */
final class LeaseReturns {
    private final Storage storage;
    private final Clock clock;
    private final MarketSettings settings;
    private final MarketObserver observer;
    private final Settlement settlement;
    private final BatchRiders batchRiders;
    private final FailedLeases failedLeases;
    private final LeaseGrace grace;
    private final RefusalNotes refusals;

    LeaseReturns(Storage storage, Clock clock, MarketSettings settings, MarketObserver observer,
                 Settlement settlement, BatchRiders batchRiders, FailedLeases failedLeases, LeaseGrace grace,
                 RefusalNotes refusals) {
        this.storage = storage;
        this.clock = clock;
        this.settings = settings;
        this.observer = observer;
        this.settlement = settlement;
        this.batchRiders = batchRiders;
        this.failedLeases = failedLeases;
        this.grace = grace;
        this.refusals = refusals;
    }

    /** The worker gives the job up; it goes back to the queue (or to the dead-letter queue when out of retries). */
    Job fail(JobId jobId, Did prover, String leaseToken, String reason) {
        long now = clock.millis();
        long[] lastSeq = {0};
        Job released = refusals.run(prover, () -> storage.write(tx -> {
            DeferredWrites deferred = new DeferredWrites();
            Job held = LeaseFence.lock(tx, jobId, prover, leaseToken, now, grace);
            Settlement.Settled settled = failedLeases.end(tx, deferred, held, prover.text(),
                    AttemptOutcome.WORKER_FAILED, reason, now);
            deferred.flush(tx, now);
            lastSeq[0] = deferred.lastEventSeq();
            return settled.job();
        }));
        observer.jobFailed(released.kind(), AttemptOutcome.WORKER_FAILED.wire());
        if (released.status() == JobStatus.DEAD_LETTER) {
            observer.jobDeadLettered(released.kind());
        }
        observer.eventsAppended(lastSeq[0]);
        return released;
    }

    /**
     * The worker hands the lease back (a graceful stop, issue 25 defect 9): the job goes back to the queue at once,
     * with no strike and the attempt not counted against its {@code max_retries}. Bounded: past
     * {@code market.release_budget} releases in the strike window, and for a lease whose commitment already drew
     * its audit challenge (an audited attempt always counts, docs/ml.md), a release is a {@link #fail}.
     */
    Job release(JobId jobId, Did prover, String leaseToken) {
        long now = clock.millis();
        long[] lastSeq = {0};
        boolean[] counted = {false};
        Job released = refusals.run(prover, () -> storage.write(tx -> {
            counted[0] = false; // a transaction retried after a serialization failure decides afresh
            DeferredWrites deferred = new DeferredWrites();
            Job held = LeaseFence.lock(tx, jobId, prover, leaseToken, now, grace);
            DisciplineSettings limits = settings.discipline();
            int used = tx.operator().releasesSince(prover.text(), now - limits.windowMs());
            Settlement.Settled settled;
            if (held.hasCommitment()) {
                counted[0] = true;
                settled = failedLeases.end(tx, deferred, held, prover.text(), AttemptOutcome.WORKER_FAILED,
                        "released after its audit challenge was drawn: counted as a failure", now);
            } else if (used >= limits.releaseBudget()) {
                counted[0] = true;
                settled = failedLeases.end(tx, deferred, held, prover.text(), AttemptOutcome.WORKER_FAILED,
                        "released past the release budget (" + limits.releaseBudget() + " in "
                                + limits.windowMs() + " ms): counted as a failure", now);
            } else {
                tx.operator().recordRelease(prover.text(), jobId, now);
                batchRiders.dissolve(tx, deferred, held, AttemptOutcome.RELEASED.wire());
                settled = settlement.handBack(deferred, held, prover.text());
            }
            deferred.flush(tx, now);
            lastSeq[0] = deferred.lastEventSeq();
            return settled.job();
        }));
        if (counted[0]) {
            observer.jobFailed(released.kind(), AttemptOutcome.WORKER_FAILED.wire());
            if (released.status() == JobStatus.DEAD_LETTER) {
                observer.jobDeadLettered(released.kind());
            }
        }
        observer.eventsAppended(lastSeq[0]);
        return released;
    }
}
