package org.pouw.core.job;

import org.pouw.core.id.JobId;

/**
 * One lease of one job: who held it, when, and how it ended (the job's history, §5). {@code level} is the holder's
 * level when it took the job and {@code auditLevel} the level whose audit sample its commitment's challenge was drawn
 * under (issue 27, item 4; docs/economics.md, "Levels"), each as its wire name, so a dispute can see what was
 * checked; empty when levels govern nothing (or for the node's own workers, and for kinds without a commitment).
 */
public record Attempt(JobId jobId, int attemptNo, String proverId, long startedAtMs, long endedAtMs,
                      AttemptOutcome outcome, String reason, String level, String auditLevel) {
    public Attempt {
        reason = reason == null ? "" : reason;
        level = level == null ? "" : level;
        auditLevel = auditLevel == null ? "" : auditLevel;
    }

    /** An attempt with no level recorded. */
    public Attempt(JobId jobId, int attemptNo, String proverId, long startedAtMs, long endedAtMs,
                   AttemptOutcome outcome, String reason) {
        this(jobId, attemptNo, proverId, startedAtMs, endedAtMs, outcome, reason, "", "");
    }
}
