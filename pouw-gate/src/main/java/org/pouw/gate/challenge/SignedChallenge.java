package org.pouw.gate.challenge;

import java.util.Base64;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.JcsWriter;

/**
 * A challenge with the challenge key's signature: on the wire, the body's members plus {@code sig} (base64url, no
 * padding), which is set aside before the body is canonicalised and checked (docs/gate.md §3).
 */
public record SignedChallenge(WorkChallenge challenge, byte[] signature) {
    public static final String SIGNATURE_MEMBER = "sig";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    public SignedChallenge {
        if (signature.length != Ed25519.SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 signature has 64 bytes, got " + signature.length);
        }
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    public JcsValue.Obj toJcs() {
        return challenge.toJcs().with(SIGNATURE_MEMBER, JcsValue.str(B64.encodeToString(signature)));
    }

    /** The challenge as the node hands it out: its canonical JSON text. */
    public String wire() {
        return JcsWriter.canonical(toJcs());
    }
}
