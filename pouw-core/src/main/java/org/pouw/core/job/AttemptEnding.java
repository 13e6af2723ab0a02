package org.pouw.core.job;

import org.pouw.core.id.JobId;

/** How to close one open attempt: the job, its attempt number, and why the lease ended. */
public record AttemptEnding(JobId jobId, int attemptNo, AttemptOutcome outcome, String reason) {
    public AttemptEnding {
        reason = reason == null ? "" : reason;
    }
}
