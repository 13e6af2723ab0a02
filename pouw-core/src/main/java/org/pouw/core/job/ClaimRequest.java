package org.pouw.core.job;

import java.util.List;

/**
 * What a worker is willing to take: kinds and tiers (empty = any), how many jobs, and for how long.
 * {@code offerFailedAgain}: whether jobs the claimer failed twice may be offered to it again — only for the node's
 * own workers, which may be the only prover there is (issue 18).
 */
public record ClaimRequest(List<String> kinds, List<Tier> tiers, int maxJobs, long leaseMs, boolean offerFailedAgain) {
    public ClaimRequest {
        kinds = List.copyOf(kinds);
        tiers = List.copyOf(tiers);
    }

    public ClaimRequest(List<String> kinds, List<Tier> tiers, int maxJobs, long leaseMs) {
        this(kinds, tiers, maxJobs, leaseMs, false);
    }
}
