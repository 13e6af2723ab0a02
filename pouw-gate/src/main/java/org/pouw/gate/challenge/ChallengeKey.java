package org.pouw.gate.challenge;

import java.security.MessageDigest;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.SigningKey;
import org.pouw.crypto.jcs.JcsWriter;

/**
 * The node's dedicated Ed25519 challenge key (issue 21 §1). It signs challenges and nothing else — there is no method
 * that signs arbitrary bytes — and it is never the login-token secret, so a challenge can not become a login token
 * and a pool holding the public key can not forge logins. Its public key is published so anyone checks challenges
 * statelessly.
 */
public final class ChallengeKey {
    /** Pairs remembered per generation: two generations of 32,768 digests are a few MiB. */
    static final int REMEMBERED = 32_768;
    private final SigningKey key;
    private final RecentSignatures recent = new RecentSignatures(REMEMBERED);

    public ChallengeKey(Ed25519.KeyPair keyPair) {
        this.key = new SigningKey(keyPair);
    }

    public byte[] publicKey() {
        return key.publicKey();
    }

    /** Ed25519 over the RFC 8785 bytes of the challenge body, whose {@code type} member is the challenge tag. */
    public SignedChallenge sign(WorkChallenge challenge) {
        byte[] body = JcsWriter.canonicalBytes(challenge.toJcs());
        byte[] signature = key.sign(body);
        recent.remember(body, signature);
        return new SignedChallenge(challenge, signature);
    }

    /**
     * Whether {@code signature} is this key's signature of {@code body}, the RFC 8785 bytes of a challenge body as
     * received: the signature is made again and compared in constant time, instead of verified. Sound, and stricter
     * than a verification: Ed25519 signing is deterministic (RFC 8032 §5.1.6), so the one signature this key gives a
     * body is the one it gave when it issued the challenge; a body it never signed matches only if the caller
     * produced this key's signature of it, which is forging Ed25519; and another valid signature of a body it did
     * sign (a different {@code R}) does not match and is refused. Cheaper: one fixed-base scalar multiplication
     * instead of a verification's double one (about half the time, docs/gate.md §12). Answers yes or no only, never
     * the signature, so it is no signing oracle.
     */
    public boolean signedByThisKey(byte[] body, byte[] signature) {
        if (signature.length != Ed25519.SIGNATURE_LENGTH) {
            return false;
        }
        // Signed lately: recognised by a hash of what was signed (RecentSignatures says why that is sound).
        return recent.contains(body, signature) || MessageDigest.isEqual(key.sign(body), signature);
    }

    @Override
    public String toString() {
        return "ChallengeKey[redacted]";
    }
}
