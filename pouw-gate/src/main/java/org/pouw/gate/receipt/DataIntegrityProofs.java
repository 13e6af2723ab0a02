package org.pouw.gate.receipt;

import java.util.Optional;
import java.util.Set;
import org.pouw.crypto.Base58;
import org.pouw.crypto.DidKey;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.JsonRefusedException;

/**
 * The {@code eddsa-jcs-2022} proof every client-signed gate object carries (receipts, and the token requests of
 * miners): its shape, then its binding to one DID's key, one challenge and one domain, then Ed25519 over the hash
 * data of {@link EddsaJcs2022}.
 */
public final class DataIntegrityProofs {
    static final Set<String> PROOF_MEMBERS = Set.of("type", "cryptosuite", "verificationMethod", "proofPurpose",
            "challenge", "domain", "proofValue");

    private DataIntegrityProofs() {
    }

    /** Throws {@link JsonRefusedException} naming the member unless {@code proof} has exactly the proof members. */
    public static void requireShape(JcsValue.Obj proof) {
        for (String name : proof.members().keySet()) {
            if (!PROOF_MEMBERS.contains(name)) {
                throw new JsonRefusedException("unknown member '" + name + "'", -1, "$.proof." + name);
            }
        }
        try {
            for (String name : PROOF_MEMBERS) {
                proof.text(name);
            }
        } catch (JsonRefusedException e) {
            throw e.under("$.proof");
        }
        if (!proof.text("type").equals(EddsaJcs2022.PROOF_TYPE)
                || !proof.text("cryptosuite").equals(EddsaJcs2022.CRYPTOSUITE)
                || !proof.text("proofPurpose").equals(EddsaJcs2022.PROOF_PURPOSE)) {
            throw new JsonRefusedException("proof must be a DataIntegrityProof of eddsa-jcs-2022 for "
                    + "authentication", -1, "$.proof");
        }
    }

    /**
     * Empty when {@code signed}'s {@code proof} (of checked shape) is {@code did}'s signature over the rest, bound
     * to {@code challenge} and {@code domain}; otherwise why not, for a {@code bad_signature} rejection.
     */
    public static Optional<String> failure(JcsValue.Obj signed, DidKey did, String challenge, String domain) {
        JcsValue.Obj proof = signed.object("proof");
        if (!proof.text("verificationMethod").equals(EddsaJcs2022.verificationMethod(did))) {
            return Optional.of("verificationMethod must be the DID's did#key");
        }
        if (!proof.text("challenge").equals(challenge)) {
            return Optional.of("proof.challenge must be " + challenge);
        }
        if (!proof.text("domain").equals(domain)) {
            return Optional.of("proof.domain must be " + domain);
        }
        byte[] signature = multibaseSignature(proof.text("proofValue"));
        byte[] hashData = EddsaJcs2022.hashData(proof.without("proofValue"), signed.without("proof"));
        if (signature == null || !Ed25519.verify(did.publicKey(), hashData, signature)) {
            return Optional.of("the signature does not hold");
        }
        return Optional.empty();
    }

    /** The signature of a multibase base58btc {@code proofValue} ({@code z…}), or null if it is not one. */
    private static byte[] multibaseSignature(String proofValue) {
        if (!proofValue.startsWith("z") || proofValue.length() > 100) {
            return null;
        }
        try {
            byte[] bytes = Base58.decode(proofValue.substring(1));
            return bytes.length == Ed25519.SIGNATURE_LENGTH ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
