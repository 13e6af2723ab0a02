package org.pouw.core.job;

/** A registered prover and what it has done (§5 prover JSON). */
public record ProverStats(String proverId, long jobsCompleted, long jobsFailed, long totalFeeEarned,
                          long avgCompletionTimeMs, long lastSeenMs, long registeredAtMs) {
}
