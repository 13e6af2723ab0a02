package org.pouw.core.job;

import java.util.Objects;
import org.pouw.core.id.JobId;

/**
 * A failure held against a prover until its job is done (issue 27, item 4; docs/economics.md, "Failures held until
 * the job is done"): the lease {@code attemptNo} of {@code jobId}, held by {@code proverId}, ended without a result by
 * its doing at {@code failedAtMs}, and weighs {@code badMilli} thousandths of a failure once the job is completed.
 */
public record PendingFailure(JobId jobId, int attemptNo, String proverId, long badMilli, long failedAtMs) {
    public PendingFailure {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(proverId, "proverId");
        if (badMilli <= 0) {
            throw new IllegalArgumentException("a held failure weighs > 0, got " + badMilli);
        }
    }
}
