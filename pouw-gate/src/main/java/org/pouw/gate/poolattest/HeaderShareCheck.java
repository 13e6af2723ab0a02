package org.pouw.gate.poolattest;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;
import org.pouw.gate.challenge.ChallengeCheck;
import org.pouw.gate.challenge.ChallengeKind;
import org.pouw.gate.challenge.WorkChallenge;
import org.pouw.crypto.jcs.JcsWriter;

/**
 * The node's re-check of a {@link HeaderShare} (issue 23 §1; docs/pool.md §2), which believes nothing the pool says
 * about the work: the challenge is this node's own share challenge, issued to the attested miner and still valid;
 * the header commits to exactly that challenge, has the fixed bits, and its Merkle root folds a coinbase that names
 * the miner; and its hash, as an integer, is at most both the target the pool credited and this node's own minimum.
 */
final class HeaderShareCheck {
    private final ChallengeCheck challenges;
    private final BigInteger nodeTarget;
    private final int minShareBits;

    HeaderShareCheck(ChallengeCheck challenges, int minShareBits) {
        this.challenges = challenges;
        this.minShareBits = minShareBits;
        this.nodeTarget = HeaderWork.targetOfBits(minShareBits);
    }

    /** Empty when the share counts here; otherwise why not. */
    Optional<GateVerdict.Rejected<?>> check(HeaderShare share, String miner) {
        GateVerdict<WorkChallenge> checked = challenges.check(share.challenge());
        if (checked instanceof GateVerdict.Rejected<WorkChallenge> refused) {
            return Optional.of(refused);
        }
        WorkChallenge challenge = ((GateVerdict.Accepted<WorkChallenge>) checked).value();
        if (challenge.kind() != ChallengeKind.SHARE) {
            return refuse(RejectionReason.WRONG_TYPE, "a header share is mined on a share challenge, not a "
                    + challenge.kind().wire() + " one");
        }
        if (!challenge.did().equals(miner)) {
            return refuse(RejectionReason.WRONG_RESOURCE, "the share challenge was issued to another miner");
        }
        byte[] header = share.header();
        byte[] committed = HeaderWork.sha256d(JcsWriter.canonicalBytes(share.challenge()));
        if (!MessageDigest.isEqual(Arrays.copyOfRange(header, 4, 36), committed)) {
            return refuse(RejectionReason.WRONG_RESOURCE, "the header's previous-hash field is not SHA-256d of the "
                    + "share challenge");
        }
        if (HeaderWork.littleEndianInt(header, 72) != HeaderWork.NBITS) {
            return refuse(RejectionReason.MALFORMED, "the header's bits field must be the fixed "
                    + Integer.toHexString(HeaderWork.NBITS));
        }
        byte[] coinbase = share.coinbase();
        byte[] prefix = HeaderWork.coinbasePrefix(miner);
        if (coinbase.length < prefix.length
                || !Arrays.equals(coinbase, 0, prefix.length, prefix, 0, prefix.length)) {
            return refuse(RejectionReason.WRONG_RESOURCE, "the coinbase does not name the attested miner");
        }
        if (!MessageDigest.isEqual(Arrays.copyOfRange(header, 36, 68),
                HeaderWork.merkleRoot(coinbase, share.branch()))) {
            return refuse(RejectionReason.WRONG_RESOURCE, "the header's Merkle root is not the coinbase's with "
                    + "the branch");
        }
        BigInteger hash = HeaderWork.hashValue(HeaderWork.sha256d(header));
        if (hash.compareTo(HeaderWork.target(share.difficulty())) > 0) {
            return refuse(RejectionReason.INSUFFICIENT_WORK, "the header does not hash under the target of "
                    + "difficulty " + share.difficulty());
        }
        if (hash.compareTo(nodeTarget) > 0) {
            return refuse(RejectionReason.INSUFFICIENT_WORK, "the share has fewer than this node's " + minShareBits
                    + " bits");
        }
        return Optional.empty();
    }

    private static Optional<GateVerdict.Rejected<?>> refuse(RejectionReason reason, String detail) {
        return Optional.of(new GateVerdict.Rejected<Void>(reason, detail));
    }
}
