package org.pouw.gate.partner;

/**
 * The port that counts a partner's tokens per interval across every node sharing it (issue 21 §4: a per-partner
 * budget). The durable adapters (a row per partner and interval with an atomic conditional increment; Redis
 * {@code INCR} with an expiry) belong in pouw-store; each must pass {@code PartnerBudgetsContract}.
 */
public interface PartnerBudgets {
    /**
     * Takes one token from {@code partnerId}'s budget for the interval starting at {@code intervalStartMs}, if fewer
     * than {@code limit} were taken in it; atomic with respect to every other caller.
     *
     * @param keepUntilMs the count may be forgotten after this (the interval's end)
     * @return true if one was taken, false if the budget is spent (and nothing changed)
     */
    boolean tryTake(String partnerId, long intervalStartMs, long limit, long keepUntilMs);

    /**
     * Forgets the counts whose keep-until time is before {@code beforeMs}, so the store holds only live intervals
     * (the node's {@code IntervalCountPruner} calls it on a timer). A count kept until {@code beforeMs} or later
     * stays. Returns how many were forgotten; a store that expires counts itself (Redis) forgets none here.
     */
    int forgetExpired(long beforeMs);
}
