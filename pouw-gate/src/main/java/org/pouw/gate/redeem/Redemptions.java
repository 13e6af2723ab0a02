package org.pouw.gate.redeem;

/**
 * The port that makes a challenge count once (issue 21 §2, §5): an atomic insert-if-absent of a key. Nothing else
 * consumes a challenge — not a ledger key, not a nonce the client picks — so one solution can never buy two things.
 * Adapters: in memory here, SQLite, PostgreSQL and Redis in pouw-store (later); all must pass one contract test.
 */
public interface Redemptions {
    /** The one key a challenge is redeemed under, whatever it buys: a reward or a token, not both. */
    static String challengeKey(String challengeId) {
        return "chal:" + challengeId;
    }

    /**
     * Records {@code key} if it is absent, atomically with respect to every other caller of this store.
     *
     * @param keepUntilMs the entry must be kept at least until then: the challenge's expiry plus the clock-skew
     *                    allowance, never earlier, or a replay after eviction would be accepted
     * @return true if this call recorded the key (the caller may grant), false if it was there already (a replay)
     */
    boolean redeemOnce(String key, long keepUntilMs);
}
