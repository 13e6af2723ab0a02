package org.pouw.core.job;

import org.pouw.core.id.JobId;

/** One lease of one job: who held it, when, and how it ended (the job's history, §5). */
public record Attempt(JobId jobId, int attemptNo, String proverId, long startedAtMs, long endedAtMs,
                      AttemptOutcome outcome, String reason) {
    public Attempt {
        reason = reason == null ? "" : reason;
    }
}
