package org.pouw.gate.challenge;

import org.pouw.crypto.Ed25519;
import org.pouw.gate.jcs.JcsWriter;

/**
 * The node's dedicated Ed25519 challenge key (issue 21 §1). It signs challenges and nothing else — there is no method
 * that signs arbitrary bytes — and it is never the login-token secret, so a challenge can not become a login token
 * and a pool holding the public key can not forge logins. Its public key is published so anyone checks challenges
 * statelessly.
 */
public final class ChallengeKey {
    private final Ed25519.KeyPair keyPair;

    public ChallengeKey(Ed25519.KeyPair keyPair) {
        this.keyPair = keyPair;
    }

    public byte[] publicKey() {
        return keyPair.publicKey();
    }

    /** Ed25519 over the RFC 8785 bytes of the challenge body, whose {@code type} member is the challenge tag. */
    public SignedChallenge sign(WorkChallenge challenge) {
        return new SignedChallenge(challenge, keyPair.sign(JcsWriter.canonicalBytes(challenge.toJcs())));
    }

    @Override
    public String toString() {
        return "ChallengeKey[redacted]";
    }
}
