package org.pouw.gate.receipt;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.pouw.crypto.DidKey;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.JcsWriter;

/**
 * The bytes a receipt's Ed25519 signature covers, after W3C Data Integrity's {@code eddsa-jcs-2022} cryptosuite:
 * {@code SHA-256(JCS(proofConfig)) ‖ SHA-256(JCS(document))}, where the proof configuration is the {@code proof}
 * object without {@code proofValue} and the document is the receipt without {@code proof}. Hashing the proof
 * configuration binds {@code verificationMethod}, {@code challenge} and {@code domain} into the signature.
 */
public final class EddsaJcs2022 {
    public static final String CRYPTOSUITE = "eddsa-jcs-2022";
    public static final String PROOF_TYPE = "DataIntegrityProof";
    public static final String PROOF_PURPOSE = "authentication";

    private EddsaJcs2022() {
    }

    public static byte[] hashData(JcsValue.Obj proofConfig, JcsValue.Obj document) {
        byte[] proofHash = sha256(JcsWriter.canonicalBytes(proofConfig));
        byte[] documentHash = sha256(JcsWriter.canonicalBytes(document));
        byte[] out = new byte[proofHash.length + documentHash.length];
        System.arraycopy(proofHash, 0, out, 0, proofHash.length);
        System.arraycopy(documentHash, 0, out, proofHash.length, documentHash.length);
        return out;
    }

    /**
     * The one verification method a did:key signs with: the DID, {@code #}, and the DID's own multibase key (the
     * did:key method's key id). Anything else in {@code verificationMethod} names another key.
     */
    public static String verificationMethod(DidKey did) {
        String text = did.toString();
        return text + "#" + text.substring("did:key:".length());
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
