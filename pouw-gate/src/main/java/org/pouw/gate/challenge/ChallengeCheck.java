package org.pouw.gate.challenge;

import java.util.Base64;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.gate.GateTypeTag;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.JcsWriter;
import org.pouw.crypto.jcs.JsonRefusedException;

/**
 * The stateless check of a signed challenge, before any storage is touched (issue 21 §2, validation step 2): the
 * type tag, the shape, the challenge key's signature over the RFC 8785 bytes of the body, that this node and store
 * issued it, and its validity on the {@link Clock}. The order is fixed so that nothing unsigned is believed: the
 * node, store and times are read only from a body whose signature holds.
 */
public final class ChallengeCheck {
    private static final Base64.Decoder B64 = Base64.getUrlDecoder();

    /** How a signature over a challenge body is judged: verified with a public key, or made again by the own key. */
    private interface SignatureTest {
        boolean holds(byte[] body, byte[] signature);
    }

    private final SignatureTest signedByTheNode;
    private final Clock clock;
    private final String node;
    private final String store;
    private final long skewMs;

    /**
     * @param skewMs how far a challenge's {@code issued_at_ms} may lie ahead of this clock (another node issued it);
     *               expiry is judged strictly on arrival
     */
    public ChallengeCheck(byte[] challengePublicKey, Clock clock, String node, String store, long skewMs) {
        this(verifiedWith(challengePublicKey), clock, node, store, skewMs);
    }

    /**
     * The issuing node's check of its own challenges: the signature is made again with {@code ownKey} and compared
     * in constant time ({@link ChallengeKey#signedByThisKey}, which says why that is sound), about twice as fast as
     * verifying. Others — another node, a pool, an integrator — hold only the public key and verify.
     */
    public ChallengeCheck(ChallengeKey ownKey, Clock clock, String node, String store, long skewMs) {
        this(ownKey::signedByThisKey, clock, node, store, skewMs);
    }

    private ChallengeCheck(SignatureTest signedByTheNode, Clock clock, String node, String store, long skewMs) {
        if (skewMs < 0) {
            throw new IllegalArgumentException("clock skew_ms must be >= 0, got " + skewMs);
        }
        this.signedByTheNode = signedByTheNode;
        this.clock = clock;
        this.node = node;
        this.store = store;
        this.skewMs = skewMs;
    }

    private static SignatureTest verifiedWith(byte[] challengePublicKey) {
        if (challengePublicKey.length != Ed25519.PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException("the challenge public key has 32 bytes, got "
                    + challengePublicKey.length);
        }
        byte[] key = challengePublicKey.clone();
        return (body, signature) -> Ed25519.verify(key, body, signature);
    }

    public GateVerdict<WorkChallenge> check(JcsValue value) {
        if (!(value instanceof JcsValue.Obj signed)) {
            return GateVerdict.rejected(RejectionReason.MALFORMED, "a challenge is one JSON object");
        }
        if (!(signed.members().get("type") instanceof JcsValue.Str type)) {
            return GateVerdict.rejected(RejectionReason.MALFORMED, "a challenge has a string member 'type'");
        }
        if (!type.value().equals(GateTypeTag.CHALLENGE.tag())) {
            return GateVerdict.rejected(RejectionReason.WRONG_TYPE,
                    "expected a " + GateTypeTag.CHALLENGE.tag() + ", got " + type.value());
        }
        byte[] signature;
        WorkChallenge challenge;
        try {
            signature = B64.decode(signed.text(SignedChallenge.SIGNATURE_MEMBER));
            challenge = WorkChallenge.fromJcs(signed.without(SignedChallenge.SIGNATURE_MEMBER));
        } catch (JsonRefusedException e) {
            return GateVerdict.rejected(RejectionReason.MALFORMED, e.getMessage());
        } catch (IllegalArgumentException e) {
            return GateVerdict.rejected(RejectionReason.MALFORMED, "sig is not base64url");
        }
        // Verify over the body as received (its canonical form), the same tree the fields were read from.
        byte[] body = JcsWriter.canonicalBytes(signed.without(SignedChallenge.SIGNATURE_MEMBER));
        if (!signedByTheNode.holds(body, signature)) {
            return GateVerdict.rejected(RejectionReason.BAD_SIGNATURE, "the challenge is not signed by this node's "
                    + "challenge key");
        }
        if (!challenge.node().equals(node) || !challenge.store().equals(store)) {
            return GateVerdict.rejected(RejectionReason.UNKNOWN_CHALLENGE,
                    "the challenge was issued for another node or redemption store");
        }
        long now = clock.millis();
        if (now >= challenge.expiresAtMs()) {
            return GateVerdict.rejected(RejectionReason.EXPIRED, "the challenge expired at "
                    + challenge.expiresAtMs());
        }
        if (challenge.issuedAtMs() > now + skewMs) {
            return GateVerdict.rejected(RejectionReason.NOT_YET_VALID, "the challenge is issued in the future");
        }
        return GateVerdict.accepted(challenge);
    }
}
