package org.pouw.core.market;

import java.util.ArrayList;
import java.util.List;
import org.pouw.core.Clock;
import org.pouw.core.job.AttemptOutcome;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobStatus;
import org.pouw.core.port.Storage;

/**
 * The market's upkeep, one pass at a time (ARCHITECTURE.md §6): leases that lapsed go back to the queue (or are
 * extended, when the node refused their holder while they ran out), jobs past their deadline expire and are
 * refunded, old idempotency keys, releases and strikes are forgotten, and finished jobs move to the history tables.
 */
final class ReaperPass {
    /**
     * Jobs moved to (or deleted from) the history tables per reaper pass: the reaper runs about once a second, so
     * this keeps up with a market finishing a couple of thousand jobs a second.
     */
    static final int HISTORY_BATCH = 2_000;

    private final Storage storage;
    private final Clock clock;
    private final MarketSettings settings;
    private final MarketObserver observer;
    private final Settlement settlement;
    private final BatchRiders batchRiders;
    private final ProverDiscipline discipline;
    private final FailedLeases failedLeases;
    private final LeaseGrace grace;

    ReaperPass(Storage storage, Clock clock, MarketSettings settings, MarketObserver observer, Settlement settlement,
               BatchRiders batchRiders, ProverDiscipline discipline, FailedLeases failedLeases, LeaseGrace grace) {
        this.storage = storage;
        this.clock = clock;
        this.settings = settings;
        this.observer = observer;
        this.settlement = settlement;
        this.batchRiders = batchRiders;
        this.discipline = discipline;
        this.failedLeases = failedLeases;
        this.grace = grace;
    }

    /** One pass of the reaper: expired leases back to the queue, past-deadline jobs expired and refunded. */
    ReapReport reap(int limit) {
        long now = clock.millis();
        List<Job> lapsed = new ArrayList<>();
        List<Job> expired = new ArrayList<>();
        long[] lastSeq = {0};
        List<String> extendedTokens = new ArrayList<>();
        // upkeep: a flood of requests filling the writer's line must not keep lapsed leases from the queue
        storage.writeUpkeep(tx -> {
            lapsed.clear();
            expired.clear();
            extendedTokens.clear();
            DeferredWrites deferred = new DeferredWrites();
            for (Job job : tx.jobs().lockPastDeadline(now, limit)) {
                long forfeit = 0;
                if (job.status() == JobStatus.IN_PROGRESS
                        && !grace.excuses(job.leaseHolder(), job.leaseExpiresAtMs(), now)) {
                    // A strike and a forfeit at once; no reputation weight: the job ends here without a result,
                    // so, like the failures held on it, this one never counts, and the strike is never confirmed:
                    // it counts only within its requester's bound (docs/economics.md).
                    discipline.strike(tx, deferred, job, job.leaseHolder(), AttemptOutcome.DEADLINE_PASSED, false,
                            now);
                    forfeit = failedLeases.forfeitOf(job, AttemptOutcome.DEADLINE_PASSED);
                }
                batchRiders.dissolve(tx, deferred, job, AttemptOutcome.DEADLINE_PASSED.wire());
                expired.add(settlement.expire(deferred, job, forfeit).job());
            }
            deferred.writeJobs(tx, now); // so the expired jobs no longer look like lapsed leases just below
            for (Job job : tx.jobs().lockExpiredLeases(now, limit)) {
                if (job.status() != JobStatus.IN_PROGRESS || job.leaseExpiresAtMs() >= now) {
                    continue; // another pass got there first
                }
                long excusedUntil = grace.excusedUntil(job.leaseHolder(), job.leaseExpiresAtMs());
                if (now <= excusedUntil) {
                    // The node refused this holder while its lease ran out: extend it, count nothing.
                    tx.jobs().update(job.withLeaseExpiry(excusedUntil));
                    extendedTokens.add(job.leaseToken());
                } else if (grace.wasExtended(job.leaseToken())) {
                    // A lease extended by grace whose holder never came back (it gave up during the outage): no
                    // strike, and no retry spent unless it was audited (an audited attempt always counts).
                    batchRiders.dissolve(tx, deferred, job, AttemptOutcome.LEASE_EXPIRED.wire());
                    lapsed.add(settlement.rejectAttempt(deferred, job.hasCommitment() ? job : job.discounted(),
                            job.leaseHolder(),
                            AttemptOutcome.LEASE_EXPIRED, "lease expired at " + job.leaseExpiresAtMs()
                                    + " after a grace extension for the node's own refusals; not counted").job());
                } else {
                    lapsed.add(failedLeases.end(tx, deferred, job, job.leaseHolder(), AttemptOutcome.LEASE_EXPIRED,
                            "lease expired at " + job.leaseExpiresAtMs(), now).job());
                }
            }
            tx.jobs().forgetIdempotencyKeys(now - settings.idempotencyRetentionMs());
            tx.operator().forgetReleases(now - settings.discipline().windowMs());
            tx.standing().forgetBefore(now - settings.discipline().windowMs(),
                    now - settings.discipline().probationMs());
            deferred.flush(tx, now);
            lastSeq[0] = deferred.lastEventSeq();
            return null;
        });
        extendedTokens.forEach(grace::extended);
        archiveHistory(now);
        int deadLettered = 0;
        for (Job job : lapsed) {
            observer.jobFailed(job.kind(), AttemptOutcome.LEASE_EXPIRED.wire());
            if (job.status() == JobStatus.DEAD_LETTER) {
                deadLettered++;
                observer.jobDeadLettered(job.kind());
            }
        }
        for (Job job : expired) {
            observer.jobExpired(job.kind(), job.feeBudget());
        }
        if (lastSeq[0] > 0) {
            observer.eventsAppended(lastSeq[0]);
        }
        return new ReapReport(lapsed.size(), deadLettered, expired.size());
    }

    /**
     * Folds the held-lease changes (issue 27), moves finished jobs out of the hot tables and deletes history past its
     * retention (issue 26, item 3), in a transaction of its own so the reaper's lease work stays short. Returns how
     * many jobs moved.
     */
    int archiveHistory(long now) {
        HistorySettings history = settings.history();
        return storage.writeUpkeep(tx -> {
            tx.jobs().foldHeldLeases(); // upkeep of the lease counts admission reads, a reaper interval's worth
            int moved = tx.jobs().archiveFinished(now - history.afterMs(), now, HISTORY_BATCH);
            if (!history.keepsForever()) {
                tx.jobs().forgetHistory(now - history.retentionMs(), HISTORY_BATCH);
            }
            return moved;
        });
    }
}
