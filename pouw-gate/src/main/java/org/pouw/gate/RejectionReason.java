package org.pouw.gate;

import java.util.Locale;

/**
 * Why the gate refused something (issue 21 §2: every rejection has a reason code, counted in
 * {@code receipts_rejected_total{reason}} and returned in the error). The code is the snake_case text the node
 * returns; the node adds its own ({@code rate_limited}) at its edge.
 */
public enum RejectionReason {
    /** Not the format: strict parse refused, a member missing or of the wrong type, too large. */
    MALFORMED,
    /** A well-formed signed object of another type: a token offered as a challenge, a challenge as a receipt. */
    WRONG_TYPE,
    /** A signature that does not hold, or a proof that names another key, challenge or network. */
    BAD_SIGNATURE,
    /** A challenge this node and store did not issue (it is signed, but for another node or store). */
    UNKNOWN_CHALLENGE,
    /** The challenge's expiry has passed on the node's clock. */
    EXPIRED,
    /** The challenge says it was issued later than the node's clock allows (beyond the skew). */
    NOT_YET_VALID,
    /**
     * The redemption store could not be reached, so nothing was redeemed (issue 21 §5 {@code fail_safe}; the node
     * answers 503). Not the client's fault: the same receipt may be sent again.
     */
    STORE_UNAVAILABLE,
    /** The work was done for another resource than the challenge's. */
    WRONG_RESOURCE,
    /** The work falls short of the challenge's difficulty. */
    INSUFFICIENT_WORK,
    /** The challenge has been redeemed already, for a reward or a token (or a pool attestation, for a token). */
    REPLAYED,
    /** A token or attestation whose key id ({@code kid}, pool, partner key prefix) names no key this node trusts. */
    UNKNOWN_KEY,
    /** A token or attestation made for another audience (another node or service). */
    WRONG_AUDIENCE,
    /** A request member the node sets itself ({@code permissions}, {@code client_ip}, {@code user_id}). */
    FORBIDDEN_FIELD,
    /** A partner key that was revoked. */
    REVOKED,
    /** A third unrevoked key for one partner: two are allowed, for rotation. */
    KEY_LIMIT,
    /** The partner's token budget for the current interval is spent. */
    BUDGET_EXHAUSTED,
    /** A {@code useful} challenge whose job's reward was not paid to this DID after the challenge was issued. */
    NOT_EARNED,
    /** A second {@code useful} challenge for a job that already has a live one. */
    JOB_TAKEN,
    /** A {@code useful} challenge asked by a DID that does not hold the job's lease. */
    NOT_JOB_HOLDER,
    /** A reward asked for work that earns none ({@code useful} work, or hashcash without an operator's cap). */
    REWARD_NOT_OFFERED,
    /** The receipts pool account can not pay the reward; nothing was consumed. */
    POOL_EMPTY,
    /** The global emission cap of the current interval is reached; nothing was consumed. */
    EMISSION_CAPPED,
    /** A relayed share the pool refused (its own code is in the detail): the share's fault, not the pool's. */
    POOL_REFUSED,
    /** No pool could take a relayed share (down, slow, broken or every breaker open); nothing was counted. */
    POOL_UNAVAILABLE,
    /** The pool answered a relayed share with an attestation that does not hold or is of another share. */
    POOL_BAD_ANSWER;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
