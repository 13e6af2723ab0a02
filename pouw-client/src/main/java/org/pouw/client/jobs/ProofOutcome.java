package org.pouw.client.jobs;

/**
 * What the node made of one submitted proof: accepted and paid, or turned away. A rejection is an expected outcome,
 * so it is a value here, not an exception.
 *
 * @param reason when rejected: the verifier's reason ({@code mismatch}, …), or for a batch item the outcome
 *               ({@code proof_invalid}, {@code lease_lost}, {@code not_found})
 * @param ledgerSeq the ledger entry that paid the reward, -1 when none
 */
public record ProofOutcome(String jobId, boolean accepted, String reason, String detail, long reward,
                           long ledgerSeq) {
    public static ProofOutcome accepted(String jobId, long reward, long ledgerSeq) {
        return new ProofOutcome(jobId, true, "ok", "", reward, ledgerSeq);
    }

    public static ProofOutcome rejected(String jobId, String reason, String detail) {
        return new ProofOutcome(jobId, false, reason, detail, 0, -1);
    }
}
