package org.pouw.core.market;

import java.util.Collection;
import org.pouw.core.job.AttemptOutcome;
import org.pouw.core.job.Job;
import org.pouw.core.port.StoreTx;

/**
 * A lease that ended without a result by its holder's doing (a rejected proof, a fail, a release past its budget, a
 * lapse): a strike against the holder, the collateral share it forfeits, and an attempt that counts against the
 * job's {@code max_retries} only as {@link ProverDiscipline#counts} says. Shared by the settling of proofs, the
 * holder's own returns and the reaper, so each ends a lease the same way.
 */
final class FailedLeases {
    private final MarketSettings settings;
    private final ProverDiscipline discipline;
    private final BatchRiders batchRiders;
    private final Settlement settlement;

    FailedLeases(MarketSettings settings, ProverDiscipline discipline, BatchRiders batchRiders,
                 Settlement settlement) {
        this.settings = settings;
        this.discipline = discipline;
        this.batchRiders = batchRiders;
        this.settlement = settlement;
    }

    /** Ends {@code job}'s lease, held by {@code proverId}, as {@code outcome}, inside the caller's transaction. */
    Settlement.Settled end(StoreTx tx, DeferredWrites deferred, Job job, String proverId, AttemptOutcome outcome,
                           String reason, long now) {
        boolean counts = discipline.counts(tx, job, proverId, now);
        discipline.strike(tx, deferred, job, proverId, outcome, failedAudit(job, outcome), now);
        if (failedAudit(job, outcome)) {
            // False work caught by its audit says nothing about whether the job can be done: it counts at once.
            deferred.weigh(proverId, 0, Reputation.FAILED_AUDIT);
            discipline.failedAudit(tx, deferred, proverId, now); // back on probation, when levels have consequences
        } else {
            // Held until someone completes the job: a job nobody can do must not ruin every prover that tries it.
            deferred.holdFailure(job, proverId, Reputation.WHOLE, now);
        }
        batchRiders.dissolve(tx, deferred, job, outcome.wire());
        if (outcome == AttemptOutcome.LEASE_EXPIRED
                && settings.jobCaps().slowestUnitsPerSecond().containsKey(job.kind())) {
            // offered what it did not finish in time: back to the slowest speed (issue 27, item 3); a lease that ran
            // out while the node refused its holder is extended by the reaper's grace and never reaches here
            deferred.paceReset(proverId);
        }
        return settlement.rejectAttempt(deferred, counts ? job : job.discounted(), proverId, outcome, reason,
                forfeitOf(job, outcome));
    }

    /**
     * {@code completed} were completed in this transaction: the strikes collected on them count in full now
     * ({@link ProverDiscipline#confirmStrikes}).
     */
    void confirmStrikes(StoreTx tx, DeferredWrites deferred, Collection<Job> completed, long now) {
        discipline.confirmStrikes(tx, deferred, completed, now);
    }

    /** A proof rejected after the lease's audit challenge was drawn: the audit found the work false. */
    static boolean failedAudit(Job job, AttemptOutcome outcome) {
        return job.hasCommitment() && outcome == AttemptOutcome.PROOF_INVALID;
    }

    /**
     * What a lease that ended without a result by its holder's doing forfeits (issue 27, item 4): all of its
     * collateral once an audit challenge was drawn for it or its proof was rejected (the holder saw what it would be
     * checked on, or sent something false), else the auction's share.
     */
    long forfeitOf(Job job, AttemptOutcome outcome) {
        boolean whole = job.hasCommitment() || outcome == AttemptOutcome.PROOF_INVALID;
        return settings.auction().forfeitOf(job.collateral(), whole);
    }
}
