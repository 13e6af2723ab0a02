package org.pouw.core.job;

import java.util.List;

/** What a worker is willing to take: kinds and tiers (empty = any), how many jobs, and for how long. */
public record ClaimRequest(List<String> kinds, List<Tier> tiers, int maxJobs, long leaseMs) {
    public ClaimRequest {
        kinds = List.copyOf(kinds);
        tiers = List.copyOf(tiers);
    }
}
