package org.pouw.gate.receipt;

/**
 * What a redeemed challenge buys. Both purposes redeem the same key {@code chal:<id>}: a challenge is redeemed at
 * most once, for a reward or a token, not both (issue 21 §2).
 */
public enum RedemptionPurpose {
    REWARD,
    TOKEN
}
