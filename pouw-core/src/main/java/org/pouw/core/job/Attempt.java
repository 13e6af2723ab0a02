package org.pouw.core.job;

/** One lease of one job: who held it, when, and how it ended (the job's history, §5). */
public record Attempt(String jobId, int attemptNo, String proverId, long startedAtMs, long endedAtMs,
                      AttemptOutcome outcome, String reason) {
    public Attempt {
        reason = reason == null ? "" : reason;
    }
}
