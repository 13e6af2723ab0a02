package org.pouw.core.pool;

/**
 * One share a mining pool accepted (issue 23 §4; docs/pool.md §5b): its header hash (64 hex digits, the share's id
 * and what it is counted once on), the pool process's pool, the miner, the challenge it was mined on, the difficulty it
 * is credited at (pay per share: the credit is the target), when it was accepted, and how long its row must be kept
 * (its challenge's expiry: after that no header on the challenge is accepted anyway).
 */
public record AcceptedShare(String hashHex, String pool, String miner, String challengeId, long credited,
        long acceptedAtMs, long keepUntilMs) {
    public AcceptedShare {
        if (hashHex == null || !hashHex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("hash must be 64 lower-case hex digits");
        }
        if (credited < 1) {
            throw new IllegalArgumentException("credited difficulty must be >= 1, got " + credited);
        }
        if (pool == null || miner == null || challengeId == null) {
            throw new IllegalArgumentException("pool, miner and challenge id are required");
        }
    }
}
