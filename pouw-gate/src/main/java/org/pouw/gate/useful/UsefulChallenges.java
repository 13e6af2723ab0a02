package org.pouw.gate.useful;

import org.pouw.crypto.DidKey;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;
import org.pouw.gate.challenge.ChallengeIssuer;
import org.pouw.gate.challenge.SignedChallenge;
import org.pouw.gate.challenge.WorkChallenge;
import org.pouw.gate.redeem.Redemptions;

/**
 * Issues {@code useful} challenges, one per job (issue 21 §1). Two live challenges for one job could both be
 * redeemed once the job is paid — two tokens for one job — so issuing takes {@code useful:<job>} in the shared
 * {@link Redemptions} store until the challenge's expiry plus skew: every node sharing the store sees it. After that
 * a new challenge may be issued, but the old one can no longer be redeemed, and a job paid before the new one was
 * issued never counts for it. A job already paid is refused at once: no challenge issued now could count. Only the
 * DID holding the job's lease may ask ({@link JobLeaseHolders}), so nobody can take a job's one challenge to deny
 * its prover the token.
 */
public final class UsefulChallenges {
    private final ChallengeIssuer issuer;
    private final Redemptions redemptions;
    private final JobRewardLedger ledger;
    private final JobLeaseHolders holders;
    private final long skewMs;

    public UsefulChallenges(ChallengeIssuer issuer, Redemptions redemptions, JobRewardLedger ledger,
            JobLeaseHolders holders, long skewMs) {
        if (skewMs < 0) {
            throw new IllegalArgumentException("clock skew_ms must be >= 0, got " + skewMs);
        }
        this.issuer = issuer;
        this.redemptions = redemptions;
        this.ledger = ledger;
        this.holders = holders;
        this.skewMs = skewMs;
    }

    public static String jobKey(String jobId) {
        return "useful:" + jobId;
    }

    public GateVerdict<SignedChallenge> issue(DidKey did, String jobId) {
        if (jobId == null || !jobId.matches("[0-9a-f]{32}")) {
            return GateVerdict.rejected(RejectionReason.MALFORMED, "job must be a job id: 32 lower-case hex digits");
        }
        if (ledger.rewardOf(jobId).isPresent()) {
            return GateVerdict.rejected(RejectionReason.NOT_EARNED, "reward:" + jobId + " is paid already; a "
                    + "useful challenge must be issued before the job is paid");
        }
        if (!holders.holderOf(jobId).map(did.toString()::equals).orElse(false)) {
            return GateVerdict.rejected(RejectionReason.NOT_JOB_HOLDER, "only the DID holding job " + jobId
                    + "'s lease may ask for its useful challenge");
        }
        SignedChallenge challenge = issuer.useful(did, jobId);
        WorkChallenge body = challenge.challenge();
        // The job's key is held while its useful challenge lives; one recorded for an earlier challenge of the job
        // could be that old (plus the skew), so that is when this key could first have been recorded.
        long lifetime = body.expiresAtMs() - body.issuedAtMs();
        if (!redemptions.redeemOnce(jobKey(jobId), body.issuedAtMs() - lifetime - skewMs,
                Math.addExact(body.expiresAtMs(), skewMs))) {
            return GateVerdict.rejected(RejectionReason.JOB_TAKEN, "job " + jobId + " has a useful challenge "
                    + "already");
        }
        return GateVerdict.accepted(challenge);
    }
}
