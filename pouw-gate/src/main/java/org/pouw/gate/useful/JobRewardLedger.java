package org.pouw.gate.useful;

import java.util.Optional;

/**
 * The port over the market's ledger that a {@code useful} challenge is judged by (issue 21 §1): who was paid
 * {@code reward:<job>}, and when. The node binds it to the ledger store (the reward entry's account and time); the
 * gate only reads it. A job's reward is paid at most once (its ledger key is unique), so there is one answer.
 */
public interface JobRewardLedger {
    /** The payment of {@code reward:<jobId>}, if the ledger holds one. */
    Optional<JobReward> rewardOf(String jobId);

    /** The prover's account (its did:key) and the ledger time of the reward entry. */
    record JobReward(String did, long paidAtMs) {
    }
}
