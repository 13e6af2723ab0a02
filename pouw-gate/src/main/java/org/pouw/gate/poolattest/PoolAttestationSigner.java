package org.pouw.gate.poolattest;

import java.util.Base64;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.JcsWriter;

/**
 * The pool's side: signs attestations with the pool's Ed25519 key over the RFC 8785 bytes of the body, and adds
 * {@code sig} (base64url, unpadded) — the same layout as a challenge. Used by tests now and by the pool (issue 23).
 */
public final class PoolAttestationSigner {
    public static final String SIGNATURE_MEMBER = "sig";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final Ed25519.KeyPair poolKey;

    public PoolAttestationSigner(Ed25519.KeyPair poolKey) {
        this.poolKey = poolKey;
    }

    public JcsValue.Obj sign(PoolAttestation attestation) {
        JcsValue.Obj body = attestation.toJcs();
        return body.with(SIGNATURE_MEMBER,
                JcsValue.str(B64.encodeToString(poolKey.sign(JcsWriter.canonicalBytes(body)))));
    }

    @Override
    public String toString() {
        return "PoolAttestationSigner[" + poolKey.did() + ", private key redacted]";
    }
}
