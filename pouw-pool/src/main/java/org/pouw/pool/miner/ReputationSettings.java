package org.pouw.pool.miner;

/**
 * Reputation by work (issue 23 §3; docs/pool.md §5): counts of valid, invalid, duplicate and stale shares decaying
 * with {@code halfLifeMs}; probation until {@code probationShares} valid shares; an absolute invalid-rate throttle
 * (more than {@code throttleInvalidRate} of at least {@code throttleMinShares} recent shares invalid or duplicate
 * refuses shares for {@code throttleMs}); a timed ban of {@code banMs} at the {@code banAfterThrottles}-th throttle
 * in a row, each within a half-life of the last (throttled shares are refused unseen, so a ban has to count throttles, not shares).
 */
public record ReputationSettings(long halfLifeMs, int probationShares, double throttleInvalidRate,
        int throttleMinShares, long throttleMs, int banAfterThrottles, long banMs) {
    public ReputationSettings {
        if (halfLifeMs < 1_000) {
            throw new IllegalArgumentException("reputation half_life_ms must be >= 1000, got " + halfLifeMs);
        }
        if (probationShares < 0) {
            throw new IllegalArgumentException("probation_shares must be >= 0, got " + probationShares);
        }
        if (!(throttleInvalidRate > 0 && throttleInvalidRate < 1)) {
            throw new IllegalArgumentException("throttle_invalid_rate must be in (0, 1), got " + throttleInvalidRate);
        }
        if (throttleMinShares < 1) {
            throw new IllegalArgumentException("throttle_min_shares must be >= 1, got " + throttleMinShares);
        }
        if (banAfterThrottles < 1) {
            throw new IllegalArgumentException("ban_after_throttles must be >= 1, got " + banAfterThrottles);
        }
        if (throttleMs < 0 || banMs < 0) {
            throw new IllegalArgumentException("throttle_ms and ban_ms must be >= 0");
        }
    }

    public static ReputationSettings defaults() {
        return new ReputationSettings(10 * 60_000L, 10, 0.5, 20, 30_000, 3, 10 * 60_000L);
    }
}
