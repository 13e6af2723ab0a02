package org.pouw.core.market;

import org.pouw.core.id.JobId;
import org.pouw.core.job.Job;
import org.pouw.core.work.Verdict;

/**
 * How one submission of a batch ended. Each is independent: a lost lease or a bad proof in one does not affect the
 * others. {@code job} is null when there is no such job; {@code verdict} is null when the proof was never checked.
 */
public record SubmissionResult(JobId jobId, Outcome outcome, Verdict verdict, Job job, long reward, long ledgerSeq,
                               String message) {
    public enum Outcome {
        ACCEPTED("accepted"),
        PROOF_INVALID("proof_invalid"),
        LEASE_LOST("lease_lost"),
        NOT_FOUND("not_found");

        private final String wire;

        Outcome(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    static SubmissionResult refused(JobId jobId, Outcome outcome, Job job, String message) {
        return new SubmissionResult(jobId, outcome, null, job, 0, 0, message);
    }
}
