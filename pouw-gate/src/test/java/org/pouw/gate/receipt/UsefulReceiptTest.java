package org.pouw.gate.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;
import org.pouw.gate.challenge.ChallengeCheck;
import org.pouw.gate.challenge.ChallengeIssuer;
import org.pouw.gate.challenge.ChallengeKey;
import org.pouw.gate.challenge.SignedChallenge;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.gate.redeem.InMemoryRedemptions;
import org.pouw.gate.useful.InMemoryJobLeaseHolders;
import org.pouw.gate.useful.InMemoryJobRewardLedger;
import org.pouw.gate.useful.UsefulChallenges;
import org.pouw.gate.useful.UsefulWorkCheck;

/**
 * {@code useful} challenges (issue 21 §1; docs/gate.md §1 A4): a receipt counts only if {@code reward:<job>} was paid
 * to the challenge's DID after the challenge was issued; it buys a token, never a reward; one challenge per job.
 * Each attack is built and refused, and each refusal consumes nothing.
 */
class UsefulReceiptTest {
    private static final long T0 = 1_760_000_000_000L;
    private static final long TTL = 600_000;
    private static final long SKEW = 5_000;
    private static final String NETWORK = "pouw-testnet";
    private static final String JOB = "e7870e89216b617bbeb51643b34a29f8";

    private final Ed25519.KeyPair challengeKeys = Ed25519.KeyPair.fromPrivateKey(filled(3));
    private final Ed25519.KeyPair worker = Ed25519.KeyPair.fromPrivateKey(filled(1));
    private final Ed25519.KeyPair copier = Ed25519.KeyPair.fromPrivateKey(filled(2));
    private final SettableClock clock = new SettableClock(T0);
    private final InMemoryRedemptions redemptions = new InMemoryRedemptions();
    private final InMemoryJobRewardLedger ledger = new InMemoryJobRewardLedger();
    private final ChallengeIssuer issuer = new ChallengeIssuer(new ChallengeKey(challengeKeys), clock,
            new SplittableRandom(5), "node-a", "store-1", TTL);
    private final InMemoryJobLeaseHolders holders = new InMemoryJobLeaseHolders();
    private final UsefulChallenges challenges = new UsefulChallenges(issuer, redemptions, ledger, holders, SKEW);
    private final ReceiptValidator validator = new ReceiptValidator(
            new ChallengeCheck(challengeKeys.publicKey(), clock, "node-a", "store-1", SKEW), redemptions,
            new UsefulWorkCheck(ledger), NETWORK, SKEW);

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static <T> T accepted(GateVerdict<T> verdict) {
        assertThat(verdict).isInstanceOf(GateVerdict.Accepted.class);
        return ((GateVerdict.Accepted<T>) verdict).value();
    }

    private static RejectionReason reason(GateVerdict<?> verdict) {
        assertThat(verdict).isInstanceOf(GateVerdict.Rejected.class);
        return ((GateVerdict.Rejected<?>) verdict).reason();
    }

    UsefulReceiptTest() {
        holders.lease(JOB, worker.did().toString());
    }

    private GateVerdict<RedeemedChallenge> submit(SignedChallenge challenge, Ed25519.KeyPair signer, String solution,
            RedemptionPurpose purpose) {
        JcsValue.Obj signed = ReceiptSigner.sign(new WorkReceipt(challenge.toJcs(), solution,
                "nonce-0123456789abcdef", clock.millis()), signer, challenge.challenge().id(), NETWORK);
        return validator.validate(ReceiptSigner.wire(signed).getBytes(StandardCharsets.UTF_8), purpose);
    }

    private GateVerdict<RedeemedChallenge> submit(SignedChallenge challenge) {
        return submit(challenge, worker, UsefulWorkCheck.solutionFor(JOB), RedemptionPurpose.TOKEN);
    }

    @Test
    void aJobPaidToThisDidAfterTheIssueBuysOneToken() {
        SignedChallenge challenge = accepted(challenges.issue(worker.did(), JOB));
        clock.advance(30_000);
        assertThat(ledger.pay(JOB, worker.did().toString(), clock.millis())).isTrue();
        RedeemedChallenge redeemed = accepted(submit(challenge));
        assertThat(redeemed.did()).isEqualTo(worker.did().toString());
        assertThat(redeemed.purpose()).isEqualTo(RedemptionPurpose.TOKEN);
        assertThat(reason(submit(challenge))).isEqualTo(RejectionReason.REPLAYED);
    }

    @Test
    void aJobAnotherDidCompletedIsNotEarned() {
        // The copier asks for a challenge on a job the worker is doing: refused, it does not hold the lease.
        assertThat(reason(challenges.issue(copier.did(), JOB))).isEqualTo(RejectionReason.NOT_JOB_HOLDER);
        // Had it held the lease once (a lease that expired and moved to the worker, who then did the job), its
        // challenge still counts for nothing: the reward went to another DID.
        holders.lease(JOB, copier.did().toString());
        SignedChallenge copiers = accepted(challenges.issue(copier.did(), JOB));
        clock.advance(30_000);
        ledger.pay(JOB, worker.did().toString(), clock.millis());
        GateVerdict<RedeemedChallenge> verdict = submit(copiers, copier, UsefulWorkCheck.solutionFor(JOB),
                RedemptionPurpose.TOKEN);
        assertThat(reason(verdict)).isEqualTo(RejectionReason.NOT_EARNED);
        assertThat(((GateVerdict.Rejected<?>) verdict).detail()).contains("another DID");
        assertThat(redemptions.size()).isEqualTo(1); // only the job's issue key; the challenge is not consumed
    }

    @Test
    void aJobPaidBeforeTheIssueIsRefusedAtIssueAndAtRedemption() {
        // At issue: the job is paid already, so no challenge issued now could count.
        ledger.pay(JOB, worker.did().toString(), T0 - 1);
        assertThat(reason(challenges.issue(worker.did(), JOB))).isEqualTo(RejectionReason.NOT_EARNED);
        // At redemption: a challenge obtained around the issue-time check (issued directly) is still refused.
        SignedChallenge late = issuer.useful(worker.did(), JOB);
        GateVerdict<RedeemedChallenge> verdict = submit(late);
        assertThat(reason(verdict)).isEqualTo(RejectionReason.NOT_EARNED);
        assertThat(((GateVerdict.Rejected<?>) verdict).detail()).contains("before the challenge was issued");
        assertThat(redemptions.size()).isZero();
    }

    @Test
    void paidInTheSameMillisecondAsTheIssueDoesNotCount() {
        SignedChallenge challenge = accepted(challenges.issue(worker.did(), JOB));
        ledger.pay(JOB, worker.did().toString(), challenge.challenge().issuedAtMs());
        assertThat(reason(submit(challenge))).isEqualTo(RejectionReason.NOT_EARNED);
    }

    @Test
    void aJobNotYetPaidIsNotEarnedAndTheChallengeStaysRedeemable() {
        SignedChallenge challenge = accepted(challenges.issue(worker.did(), JOB));
        assertThat(reason(submit(challenge))).isEqualTo(RejectionReason.NOT_EARNED);
        clock.advance(1_000);
        ledger.pay(JOB, worker.did().toString(), clock.millis());
        assertThat(submit(challenge).isAccepted()).isTrue();
    }

    @Test
    void aSecondChallengeForOneJobIsRefused() {
        accepted(challenges.issue(worker.did(), JOB));
        assertThat(reason(challenges.issue(worker.did(), JOB))).isEqualTo(RejectionReason.JOB_TAKEN);
        // Even when the lease has moved to another DID, while the first challenge lives.
        holders.lease(JOB, copier.did().toString());
        assertThat(reason(challenges.issue(copier.did(), JOB))).isEqualTo(RejectionReason.JOB_TAKEN);
        // Another job is independent.
        holders.lease("0123456789abcdef0123456789abcdef", worker.did().toString());
        assertThat(challenges.issue(worker.did(), "0123456789abcdef0123456789abcdef").isAccepted()).isTrue();
    }

    @Test
    void nobodyButTheLeaseHolderCanTakeAJobsChallenge() {
        // A griefer asking first for every job it can see would otherwise deny each prover its token.
        assertThat(reason(challenges.issue(copier.did(), JOB))).isEqualTo(RejectionReason.NOT_JOB_HOLDER);
        holders.release(JOB);
        assertThat(reason(challenges.issue(worker.did(), JOB))).isEqualTo(RejectionReason.NOT_JOB_HOLDER);
        assertThat(redemptions.size()).isZero();
        holders.lease(JOB, worker.did().toString());
        assertThat(challenges.issue(worker.did(), JOB).isAccepted()).isTrue();
    }

    @Test
    void aUsefulReceiptNeverBuysAReward() {
        SignedChallenge challenge = accepted(challenges.issue(worker.did(), JOB));
        clock.advance(1_000);
        ledger.pay(JOB, worker.did().toString(), clock.millis());
        assertThat(reason(submit(challenge, worker, UsefulWorkCheck.solutionFor(JOB), RedemptionPurpose.REWARD)))
                .isEqualTo(RejectionReason.REWARD_NOT_OFFERED);
        // Refused before redemption: it can still buy its one token.
        assertThat(submit(challenge).isAccepted()).isTrue();
    }

    @Test
    void aSolutionNamingAnotherJobIsWrongResource() {
        SignedChallenge challenge = accepted(challenges.issue(worker.did(), JOB));
        clock.advance(1_000);
        ledger.pay(JOB, worker.did().toString(), clock.millis());
        assertThat(reason(submit(challenge, worker, "reward:0123456789abcdef0123456789abcdef",
                RedemptionPurpose.TOKEN))).isEqualTo(RejectionReason.WRONG_RESOURCE);
        assertThat(submit(challenge).isAccepted()).isTrue();
    }

    @Test
    void aJobIdThatIsNotOneIsMalformed() {
        assertThat(reason(challenges.issue(worker.did(), "reward:x"))).isEqualTo(RejectionReason.MALFORMED);
        assertThat(redemptions.size()).isZero();
    }
}
