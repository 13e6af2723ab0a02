package org.pouw.gate.receipt;

import org.pouw.gate.challenge.WorkChallenge;

/**
 * A receipt that passed every stateless check (shape, challenge, signature, work) and is not yet redeemed: the
 * caller redeems {@code chal:<id>} itself, alone ({@link ReceiptValidator#validate}) or in one transaction with a
 * reward (the reward port).
 */
public record CheckedReceipt(WorkChallenge challenge, String did, String nonce, long timestampMs) {
    public RedeemedChallenge redeemed(RedemptionPurpose purpose) {
        return new RedeemedChallenge(challenge, did, purpose, nonce, timestampMs);
    }
}
