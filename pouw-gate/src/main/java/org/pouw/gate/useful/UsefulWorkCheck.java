package org.pouw.gate.useful;

import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;
import org.pouw.gate.challenge.ChallengeKind;
import org.pouw.gate.challenge.WorkChallenge;

/**
 * The work of a {@code useful} challenge (issue 21 §1): the job it names must have been paid, to the challenge's
 * DID, after the challenge was issued. Paid to another DID is a copier claiming someone's public proof; paid
 * before the issue is a reward already earned being spent a second time. The receipt's solution names the ledger
 * key it relies on, {@code reward:<job>}, so the signed receipt says what it claims.
 */
public final class UsefulWorkCheck {
    private final JobRewardLedger ledger;

    public UsefulWorkCheck(JobRewardLedger ledger) {
        this.ledger = ledger;
    }

    public static String solutionFor(String jobId) {
        return "reward:" + jobId;
    }

    /** Accepted with the job id, or the rejection. Reads only; writes nothing. */
    public GateVerdict<String> check(WorkChallenge challenge, String solution) {
        if (challenge.kind() != ChallengeKind.USEFUL) {
            throw new IllegalArgumentException("not a useful challenge: " + challenge.kind());
        }
        String jobId = challenge.resource();
        if (!solution.equals(solutionFor(jobId))) {
            return GateVerdict.rejected(RejectionReason.WRONG_RESOURCE, "the solution of a useful challenge is "
                    + solutionFor(jobId));
        }
        var paid = ledger.rewardOf(jobId);
        if (paid.isEmpty()) {
            return GateVerdict.rejected(RejectionReason.NOT_EARNED, "reward:" + jobId + " is not paid");
        }
        if (!paid.get().did().equals(challenge.did())) {
            return GateVerdict.rejected(RejectionReason.NOT_EARNED, "reward:" + jobId + " was paid to another DID");
        }
        if (paid.get().paidAtMs() <= challenge.issuedAtMs()) {
            return GateVerdict.rejected(RejectionReason.NOT_EARNED, "reward:" + jobId
                    + " was paid before the challenge was issued");
        }
        return GateVerdict.accepted(jobId);
    }
}
