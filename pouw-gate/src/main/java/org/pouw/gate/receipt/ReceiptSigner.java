package org.pouw.gate.receipt;

import java.util.TreeMap;
import org.pouw.crypto.Base58;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.JcsWriter;

/**
 * The client's side: signs a receipt with its did:key as an {@code eddsa-jcs-2022} Data Integrity proof whose
 * {@code challenge} is the challenge id and {@code domain} the network id. Used by tests now and the CLI later.
 */
public final class ReceiptSigner {
    private ReceiptSigner() {
    }

    public static JcsValue.Obj sign(WorkReceipt receipt, Ed25519.KeyPair client, String challengeId, String domain) {
        JcsValue.Obj proofConfig = proofConfig(EddsaJcs2022.verificationMethod(client.did()), challengeId, domain);
        return signWithConfig(receipt, client, proofConfig);
    }

    /** Signs with a proof configuration as given: for tests that need a proof naming the wrong key or network. */
    public static JcsValue.Obj signWithConfig(WorkReceipt receipt, Ed25519.KeyPair client, JcsValue.Obj proofConfig) {
        JcsValue.Obj document = receipt.toDocument();
        byte[] signature = client.sign(EddsaJcs2022.hashData(proofConfig, document));
        JcsValue.Obj proof = proofConfig.with("proofValue", JcsValue.str("z" + Base58.encode(signature)));
        return document.with("proof", proof);
    }

    public static JcsValue.Obj proofConfig(String verificationMethod, String challengeId, String domain) {
        TreeMap<String, JcsValue> members = new TreeMap<>();
        members.put("type", JcsValue.str(EddsaJcs2022.PROOF_TYPE));
        members.put("cryptosuite", JcsValue.str(EddsaJcs2022.CRYPTOSUITE));
        members.put("verificationMethod", JcsValue.str(verificationMethod));
        members.put("proofPurpose", JcsValue.str(EddsaJcs2022.PROOF_PURPOSE));
        members.put("challenge", JcsValue.str(challengeId));
        members.put("domain", JcsValue.str(domain));
        return new JcsValue.Obj(members);
    }

    /** The receipt as a client sends it. */
    public static String wire(JcsValue.Obj signedReceipt) {
        return JcsWriter.canonical(signedReceipt);
    }
}
