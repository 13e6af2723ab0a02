package org.pouw.core.job;

/**
 * A prover's reputation as stored (issue 27, item 4; docs/economics.md, "Reputation"): its good and bad outcomes in
 * thousandths of a job, each already decayed to {@code atMs}, the time of the last change. See
 * {@link org.pouw.core.market.Reputation} for how outcomes are weighed, decayed and scored.
 */
public record ReputationRecord(String proverId, long goodMilli, long badMilli, long atMs) {
    public ReputationRecord {
        if (goodMilli < 0 || badMilli < 0) {
            throw new IllegalArgumentException("outcome weights are >= 0, got " + goodMilli + " and " + badMilli);
        }
    }

    /** A prover with no recorded outcome. */
    public static ReputationRecord none(String proverId) {
        return new ReputationRecord(proverId, 0, 0, 0);
    }
}
