package org.pouw.core.standing;

import java.util.Objects;
import org.pouw.core.id.JobId;
import org.pouw.core.job.AttemptOutcome;

/**
 * One lease a prover let end without a result by its own doing: a reported failure, a rejected proof, a lease that
 * ran out or a deadline missed while it held the job (issue 18, defect 1). The store adds the address prefix the
 * prover last claimed from.
 */
public record Strike(String proverId, JobId jobId, int attemptNo, AttemptOutcome outcome, long atMs) {
    public Strike {
        Objects.requireNonNull(proverId, "proverId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(outcome, "outcome");
    }
}
