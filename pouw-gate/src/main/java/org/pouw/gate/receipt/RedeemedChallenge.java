package org.pouw.gate.receipt;

import org.pouw.gate.challenge.WorkChallenge;

/** An accepted receipt: the challenge it redeemed, for whom, and for what. The caller grants it exactly once. */
public record RedeemedChallenge(WorkChallenge challenge, String did, RedemptionPurpose purpose, String nonce,
        long timestampMs) {
}
