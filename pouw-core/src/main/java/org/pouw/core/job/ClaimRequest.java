package org.pouw.core.job;

import java.util.List;

/**
 * What a worker is willing to take: kinds and tiers (empty = any), how many jobs, and for how long.
 * {@code offerFailedAgain}: whether jobs the claimer failed twice may be offered to it again — only for the node's
 * own workers, which may be the only prover there is (issue 18). {@code minReward}: the worker's ask, the least
 * reward it works for (issue 27, item 2): a job whose {@code reward_budget} — the most its client's fee pays a
 * prover — is below it is not offered, so a worker never holds work below its cost; 0 takes any. {@code capacity}:
 * what the worker declared it can run (issue 27, item 3): jobs needing more are not offered.
 */
public record ClaimRequest(List<String> kinds, List<Tier> tiers, int maxJobs, long leaseMs, boolean offerFailedAgain,
                           long minReward, WorkerCapacity capacity) {
    public ClaimRequest {
        kinds = List.copyOf(kinds);
        tiers = List.copyOf(tiers);
        java.util.Objects.requireNonNull(capacity, "capacity");
        if (minReward < 0) {
            throw new IllegalArgumentException("min_reward must be >= 0, got " + minReward);
        }
    }

    public ClaimRequest(List<String> kinds, List<Tier> tiers, int maxJobs, long leaseMs, boolean offerFailedAgain,
                        long minReward) {
        this(kinds, tiers, maxJobs, leaseMs, offerFailedAgain, minReward, WorkerCapacity.UNDECLARED);
    }

    public ClaimRequest(List<String> kinds, List<Tier> tiers, int maxJobs, long leaseMs, boolean offerFailedAgain) {
        this(kinds, tiers, maxJobs, leaseMs, offerFailedAgain, 0);
    }

    public ClaimRequest(List<String> kinds, List<Tier> tiers, int maxJobs, long leaseMs) {
        this(kinds, tiers, maxJobs, leaseMs, false, 0);
    }

    /** This request with another job count and lease length, the rest (the ask included) kept. */
    public ClaimRequest limitedTo(int jobs, long lease) {
        return new ClaimRequest(kinds, tiers, jobs, lease, offerFailedAgain, minReward, capacity);
    }

    /** This request offered work at the prover's measured pace (issue 27, item 3). */
    public ClaimRequest atPace(long permille) {
        return new ClaimRequest(kinds, tiers, maxJobs, leaseMs, offerFailedAgain, minReward, capacity.atPace(permille));
    }

    /** This request, offering again jobs the claimer failed twice (the node's own workers). */
    public ClaimRequest offeringFailedAgain() {
        return new ClaimRequest(kinds, tiers, maxJobs, leaseMs, true, minReward, capacity);
    }
}
