package org.pouw.gate.reward;

/**
 * The port the node binds to its ledger to pay a receipt's reward (issue 21 §3), in <em>one transaction</em> with the
 * challenge's redemption (§2). Checks, in this order, each leaving everything unchanged when it refuses:
 * <ol>
 *   <li>the emission of the claim's interval plus the amount stays within the cap → else {@code EMISSION_CAPPED};</li>
 *   <li>{@link #POOL_ACCOUNT} holds the amount → else {@code POOL_EMPTY};</li>
 *   <li>the redemption key is absent → else {@code REPLAYED};</li>
 * </ol>
 * then inserts the redemption key (kept until {@code keepUntilMs}), posts one ledger entry keyed
 * {@link RewardClaim#ledgerKey} moving the amount from {@link #POOL_ACCOUNT} to the DID, and adds the amount to the
 * interval's emission → {@code PAID}. A refusal at 1 or 2 takes no redemption, so the challenge can still buy a
 * token. The durable adapters (the ledger store, with the redemptions table in the same database) belong in
 * pouw-store and the node; each must pass {@code RewardPayoutsContract}.
 */
public interface RewardPayouts {
    /**
     * The funded account receipts are paid from: its own, never the market's reserved fees ({@code sys:pool:reserved}),
     * so receipts can not spend what open jobs owe their provers.
     */
    String POOL_ACCOUNT = "sys:receipts:pool";

    static String ledgerKey(String challengeId) {
        return "receipt:" + challengeId;
    }

    Outcome payOnce(RewardClaim claim);

    /**
     * Forgets the emission counts of intervals that started before {@code intervalStartMs}, so the store holds only
     * live intervals (the node's {@code IntervalCountPruner} calls it on a timer); returns how many. The counts of
     * {@code intervalStartMs} and later stay.
     */
    int forgetIntervalsBefore(long intervalStartMs);

    enum Outcome {
        PAID,
        REPLAYED,
        POOL_EMPTY,
        EMISSION_CAPPED
    }

    /**
     * One reward to pay.
     *
     * @param redemptionKey   {@code chal:<id>}, the key a token for the same challenge would take
     * @param intervalStartMs the start of the emission interval the payment counts in
     * @param emissionCap     the most that interval may pay in total
     */
    record RewardClaim(String redemptionKey, long keepUntilMs, String did, long amount, String ledgerKey,
            long intervalStartMs, long emissionCap) {
        public RewardClaim {
            if (amount <= 0) {
                throw new IllegalArgumentException("a reward amount is > 0, got " + amount);
            }
        }
    }
}
