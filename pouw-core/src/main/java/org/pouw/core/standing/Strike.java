package org.pouw.core.standing;

import java.util.Objects;
import org.pouw.core.id.JobId;
import org.pouw.core.job.AttemptOutcome;

/**
 * One lease a prover let end without a result by its own doing: a reported failure, a rejected proof, a lease that
 * ran out or a deadline missed while it held the job (issue 18, defect 1). The store adds the address prefix the
 * prover last claimed from.
 *
 * @param requester who posted the job: until the job is completed, a requester's jobs weigh at most
 *                  {@code market.strikes_per_requester} strikes against one prover or prefix (issue 27, item 4)
 * @param confirmed whether the strike counts in full already: its job was completed (by anyone), or it is a failed
 *                  audit, false work caught whatever the job is like
 */
public record Strike(String proverId, JobId jobId, int attemptNo, AttemptOutcome outcome, long atMs,
                     String requester, boolean confirmed) {
    public Strike {
        Objects.requireNonNull(proverId, "proverId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(requester, "requester");
    }
}
