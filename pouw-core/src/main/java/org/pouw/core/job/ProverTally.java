package org.pouw.core.job;

/**
 * What one prover did within one transaction: jobs completed and failed, fees earned, and the summed time from
 * claim to completion (for the average of §5's prover JSON). A batch adds one tally per prover, not one per job.
 */
public record ProverTally(String proverId, long completed, long failed, long feesEarned, long completionMs) {
    public static ProverTally completedOne(String proverId, long fee, long completionMs) {
        return new ProverTally(proverId, 1, 0, fee, Math.max(0, completionMs));
    }

    public static ProverTally failedOne(String proverId) {
        return new ProverTally(proverId, 0, 1, 0, 0);
    }

    public ProverTally plus(ProverTally other) {
        return new ProverTally(proverId, completed + other.completed, failed + other.failed,
                feesEarned + other.feesEarned, completionMs + other.completionMs);
    }
}
