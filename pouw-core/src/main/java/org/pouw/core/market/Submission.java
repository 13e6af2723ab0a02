package org.pouw.core.market;

import org.pouw.core.id.JobId;

/** One proof a worker hands in for a job it holds. */
public record Submission(JobId jobId, String leaseToken, byte[] proof) {
}
