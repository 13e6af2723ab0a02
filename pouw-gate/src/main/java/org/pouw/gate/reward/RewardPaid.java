package org.pouw.gate.reward;

/** A receipt's reward, paid: from {@link RewardPayouts#POOL_ACCOUNT} to the DID, under its ledger key. */
public record RewardPaid(String challengeId, String did, long amount, String ledgerKey) {
}
