package org.pouw.core.market;

import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.id.Did;
import org.pouw.core.id.JobId;
import org.pouw.core.job.Job;
import org.pouw.core.port.StoreTx;

/** The token fence of §6: a call acts on a job only while its token holds the job's live lease. */
final class LeaseFence {
    private LeaseFence() {
    }

    /**
     * Why {@code leaseToken} does not hold the job for {@code prover} at {@code now}, or null if it does. A lease
     * that ran out while this node refused its holder still holds while {@code grace} excuses it.
     */
    static String problem(Job job, Did prover, String leaseToken, long now, LeaseGrace grace) {
        if (!job.isLeasedWith(leaseToken) || !job.leaseHolder().equals(prover.text())) {
            return "lease_token does not hold job " + job.jobId() + " (it is " + job.status().wire() + ")";
        }
        if (job.leaseExpiresAtMs() < now && !grace.excuses(job.leaseHolder(), job.leaseExpiresAtMs(), now)) {
            return "the lease on job " + job.jobId() + " expired at " + job.leaseExpiresAtMs();
        }
        return null;
    }

    /** {@code job}, if the token holds it; {@code LEASE_LOST} otherwise. */
    static Job check(Job job, Did prover, String leaseToken, long now, LeaseGrace grace) {
        String problem = problem(job, prover, leaseToken, now, grace);
        if (problem != null) {
            throw new PouwException(Problem.LEASE_LOST, "lease_token", problem);
        }
        return job;
    }

    /** The job locked for update, if the token holds it; {@code NOT_FOUND} or {@code LEASE_LOST} otherwise. */
    static Job lock(StoreTx tx, JobId jobId, Did prover, String leaseToken, long now, LeaseGrace grace) {
        // A job moved to the history tables is finished: its lease is lost like any other finished job's.
        Job job = tx.jobs().findForUpdate(jobId).or(() -> tx.jobs().find(jobId))
                .orElseThrow(() -> PouwException.notFound("job " + jobId));
        return check(job, prover, leaseToken, now, grace);
    }
}
