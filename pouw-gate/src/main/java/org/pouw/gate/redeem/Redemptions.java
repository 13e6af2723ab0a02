package org.pouw.gate.redeem;

import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;

/**
 * The port that makes a challenge count once (issue 21 §2, §5): an atomic insert-if-absent of a key, together with
 * what the redemption buys. Nothing else consumes a challenge — not a ledger key, not a nonce the client picks — so
 * one solution can never buy two things. Adapters: in memory here; SQLite, PostgreSQL and Redis in pouw-store; all
 * pass {@code RedemptionsContract}. {@link FailModeRedemptions} wraps a durable one with the §5 fail modes.
 */
public interface Redemptions {
    /**
     * The {@code presentableFromMs} of a caller that does not know when its key could first be presented: a store
     * that can lose its state (Redis) then records the key without its restart guard.
     */
    long PRESENTABLE_ANY_TIME = Long.MIN_VALUE;

    /** The one key a challenge is redeemed under, whatever it buys: a reward or a token, not both. */
    static String challengeKey(String challengeId) {
        return "chal:" + challengeId;
    }

    /**
     * Records {@code key} if it is absent and runs {@code grant}, atomically with respect to every other caller of
     * this store: either the key is recorded and the grant given, or neither.
     *
     * @param keepUntilMs the entry must be kept at least until then: the challenge's expiry plus the clock-skew
     *                    allowance, never earlier, or a replay after eviction would be accepted
     * @return the grant's value; {@code replayed} when the key was there already (nothing granted); the grant's
     *         own rejection (nothing recorded); {@code store_unavailable} when the store could not be reached
     *         (nothing granted, and whether the key was recorded is unknown only if a commit's answer was lost)
     * @throws IllegalArgumentException for a grant this store can not run in its transaction (a
     *                                  {@link Grant.Stored} on a store outside the node's database): a wiring bug
     */
    <G> GateVerdict<G> redeem(String key, long keepUntilMs, Grant<G> grant);

    /**
     * {@link #redeem(String, long, Grant)} for a key that no one could present before {@code presentableFromMs}
     * (the caller's {@code Clock}; a challenge's {@code issued_at_ms}). A store that can lose its records — a Redis
     * restarted empty or from an old snapshot — uses it to refuse, as {@code replayed}, every key that could have
     * been redeemed in the state it lost (docs/failures.md, "Nonce-store loss"); a store whose records commit with
     * the node's database ignores it.
     */
    default <G> GateVerdict<G> redeem(String key, long presentableFromMs, long keepUntilMs, Grant<G> grant) {
        return redeem(key, keepUntilMs, grant);
    }

    /**
     * Forgets entries kept until before {@code nowMs} (the caller's {@code Clock}); returns how many. An entry whose
     * keep-until time is {@code nowMs} or later is never removed. Stores that expire entries themselves return 0.
     */
    int forgetExpired(long nowMs);

    /**
     * Whether the store answers now: one round trip that changes nothing (Redis {@code PING}, a database
     * {@code SELECT 1}). {@link FailModeRedemptions} watches the store with it, to learn of an outage and of the
     * store's return without waiting for a redemption.
     */
    boolean answers();

    /**
     * Redeems {@code key} for nothing but the redemption itself: true if recorded now, false if a replay.
     *
     * @throws RedemptionStoreUnavailableException when the store did not answer (nothing was redeemed)
     */
    default boolean redeemOnce(String key, long keepUntilMs) {
        return redeemOnce(key, PRESENTABLE_ANY_TIME, keepUntilMs);
    }

    /**
     * {@link #redeemOnce(String, long)} for a key that no one could present before {@code presentableFromMs} (see
     * {@link #redeem(String, long, long, Grant)}).
     */
    default boolean redeemOnce(String key, long presentableFromMs, long keepUntilMs) {
        GateVerdict<Boolean> verdict = redeem(key, presentableFromMs, keepUntilMs,
                Grant.stateless(() -> GateVerdict.accepted(true)));
        if (verdict instanceof GateVerdict.Rejected<Boolean> rejected) {
            if (rejected.reason() == RejectionReason.REPLAYED) {
                return false;
            }
            if (rejected.reason() == RejectionReason.STORE_UNAVAILABLE) {
                throw new RedemptionStoreUnavailableException("redemption of " + key + ": " + rejected.detail());
            }
            throw new IllegalStateException("redemption of " + key + " failed: " + rejected.reason().code() + ": "
                    + rejected.detail());
        }
        return true;
    }

    /** The rejection every adapter gives a key that is recorded already. */
    static <G> GateVerdict<G> replayed(String key) {
        return GateVerdict.rejected(RejectionReason.REPLAYED, key + " was redeemed already");
    }
}
