package org.pouw.gate.redeem;

/**
 * The operator's settings of challenge redemption (docs/operations.md, "Challenge redemption"), checked once when
 * made (STYLE.md: fail fast, name the setting).
 *
 * @param store             {@code sql}: the node's own database, where a redemption and a ledger reward commit in
 *                          one transaction; {@code redis}: a Redis server, for access tokens only
 * @param redisUrl          {@code redis://host:port} when the store is Redis
 * @param clockSkewMs       how far apart the node's, the database's and Redis's clocks may be; redemptions are kept
 *                          until a challenge's expiry plus this, and a node whose clock is further off refuses to
 *                          start
 * @param failMode          what to do while the store is unreachable
 * @param failOpenAfterMs   in {@code fail_open}: how long the store must have failed, without one success, before
 *                          the node redeems in memory; at least {@link #MIN_FAIL_OPEN_AFTER_MS}, so every node's
 *                          store watch has seen an outage that long (docs/gate.md, "When the store fails")
 * @param failOpenMaxTokens in {@code fail_open}: the most tokens held in memory at once; beyond, refused
 */
public record RedemptionSettings(String store, String redisUrl, long clockSkewMs, FailMode failMode,
                                 long failOpenAfterMs, int failOpenMaxTokens) {
    public static final String SQL = "sql";
    public static final String REDIS = "redis";
    /** The longest allowance accepted: beyond a minute, a replay window this wide is a misconfiguration. */
    public static final long MAX_CLOCK_SKEW_MS = 60_000;
    /** Two turns of {@link FailModeRedemptions#watchOnce}: an outage this long is seen by every node's watch. */
    public static final long MIN_FAIL_OPEN_AFTER_MS = 2 * FailModeRedemptions.WATCH_MS;

    public RedemptionSettings {
        if (!SQL.equals(store) && !REDIS.equals(store)) {
            throw new IllegalArgumentException("gate.redemption_store must be sql or redis, got " + store);
        }
        redisUrl = redisUrl == null ? "" : redisUrl;
        if (REDIS.equals(store) && !redisUrl.startsWith("redis://")) {
            throw new IllegalArgumentException("gate.redis_url must be redis://host:port when gate.redemption_store "
                    + "is redis, got '" + redisUrl + "'");
        }
        if (clockSkewMs < 0 || clockSkewMs > MAX_CLOCK_SKEW_MS) {
            throw new IllegalArgumentException("gate.clock_skew_ms must be between 0 and " + MAX_CLOCK_SKEW_MS
                    + ", got " + clockSkewMs);
        }
        if (failMode == null) {
            throw new IllegalArgumentException("gate.fail_mode must be fail_safe or fail_open, got nothing");
        }
        if (failOpenAfterMs < 0) {
            throw new IllegalArgumentException("gate.fail_open_after_ms must be >= 0, got " + failOpenAfterMs);
        }
        if (failOpenMaxTokens < 1) {
            throw new IllegalArgumentException("gate.fail_open_max_tokens must be >= 1, got " + failOpenMaxTokens);
        }
        if (failMode == FailMode.FAIL_OPEN && failOpenAfterMs < MIN_FAIL_OPEN_AFTER_MS) {
            throw new IllegalArgumentException("gate.fail_open_after_ms must be >= " + MIN_FAIL_OPEN_AFTER_MS
                    + " in fail_open (every node must see an outage before one grants from memory), got "
                    + failOpenAfterMs);
        }
    }

    public static RedemptionSettings defaults() {
        return new RedemptionSettings(SQL, "", 5_000, FailMode.FAIL_SAFE, 30_000, 10_000);
    }
}
