package org.pouw.core.market;

/** One proof a worker hands in for a job it holds. */
public record Submission(String jobId, String leaseToken, byte[] proof) {
}
