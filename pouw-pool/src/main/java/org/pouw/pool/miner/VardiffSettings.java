package org.pouw.pool.miner;

/**
 * Per-miner difficulty (issue 23 §3; docs/pool.md §5): aim at one share every {@code targetTimeMs}, retarget every
 * {@code retargetTimeMs}; raising has no limit and happens at once when the rate exceeds {@code jumpFactor} × the
 * target rate; lowering is limited to ÷{@code maxLowerFactor} a retarget; {@code maxSharesPerSecond} is the hard cap
 * a miner's shares are refused above. Checked once, each error naming its setting.
 */
public record VardiffSettings(long targetTimeMs, long retargetTimeMs, long minDifficulty, long maxDifficulty,
        int jumpFactor, int maxLowerFactor, int maxSharesPerSecond, long changeGraceMs) {
    public VardiffSettings {
        if (targetTimeMs < 100) {
            throw new IllegalArgumentException("target_time_ms must be >= 100, got " + targetTimeMs);
        }
        if (retargetTimeMs < targetTimeMs) {
            throw new IllegalArgumentException("retarget_time_ms must be >= target_time_ms, got " + retargetTimeMs);
        }
        if (minDifficulty < 1 || maxDifficulty < minDifficulty || maxDifficulty > (1L << 53) - 1) {
            throw new IllegalArgumentException("min_difficulty must be 1…max_difficulty ≤ 2^53 − 1, got "
                    + minDifficulty + "…" + maxDifficulty);
        }
        if (jumpFactor < 2) {
            throw new IllegalArgumentException("jump_factor must be >= 2, got " + jumpFactor);
        }
        if (maxLowerFactor < 2) {
            throw new IllegalArgumentException("max_lower_factor must be >= 2, got " + maxLowerFactor);
        }
        if (maxSharesPerSecond < 1) {
            throw new IllegalArgumentException("max_shares_per_second must be >= 1, got " + maxSharesPerSecond);
        }
        if (changeGraceMs < 0) {
            throw new IllegalArgumentException("change_grace_ms must be >= 0, got " + changeGraceMs);
        }
    }

    /** The numbers: 15 s a share, retarget every 90 s, jump at 4×, lower at most ÷4, 10 shares/s, 5 s grace. */
    public static VardiffSettings defaults(long minDifficulty) {
        return new VardiffSettings(15_000, 90_000, minDifficulty, (1L << 53) - 1, 4, 4, 10, 5_000);
    }
}
