package org.pouw.core.job;

/**
 * A prover's reputation as stored (issue 27, item 4; docs/economics.md, "Reputation"): its good and bad outcomes in
 * thousandths of a job, each already decayed to {@code atMs}, the time of the last change. See
 * {@link org.pouw.core.market.Reputation} for how outcomes are weighed, decayed and scored.
 *
 * <p>{@code leaseAllowance} and {@code allowanceAtMs} are the concurrent leases its verified work has earned and when
 * that allowance last grew (docs/economics.md, "Levels"; {@link org.pouw.core.market.LeaseAllowance}); 0 when it
 * never grew, or was reset by a quarantine or a failed audit.
 */
public record ReputationRecord(String proverId, long goodMilli, long badMilli, long atMs, int leaseAllowance,
                               long allowanceAtMs) {
    public ReputationRecord {
        if (goodMilli < 0 || badMilli < 0) {
            throw new IllegalArgumentException("outcome weights are >= 0, got " + goodMilli + " and " + badMilli);
        }
        if (leaseAllowance < 0) {
            throw new IllegalArgumentException("lease allowance is >= 0, got " + leaseAllowance);
        }
    }

    /** A record whose lease allowance never grew. */
    public ReputationRecord(String proverId, long goodMilli, long badMilli, long atMs) {
        this(proverId, goodMilli, badMilli, atMs, 0, 0);
    }

    /** A prover with no recorded outcome. */
    public static ReputationRecord none(String proverId) {
        return new ReputationRecord(proverId, 0, 0, 0);
    }

    /** This record with another lease allowance, set at {@code nowMs}. */
    public ReputationRecord withAllowance(int allowance, long nowMs) {
        return new ReputationRecord(proverId, goodMilli, badMilli, atMs, allowance, nowMs);
    }
}
