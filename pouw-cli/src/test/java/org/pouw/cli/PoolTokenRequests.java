package org.pouw.cli;

import java.util.Map;
import org.pouw.crypto.Base58;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.JcsWriter;
import org.pouw.crypto.jcs.StrictJsonParser;
import org.pouw.gate.GateTypeTag;
import org.pouw.gate.receipt.EddsaJcs2022;
import org.pouw.gate.receipt.ReceiptSigner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Test support: a miner's {@code POST /v1/tokens} body in {@code pool_validated} mode, carrying a pool's attestation
 * or the share itself, signed with eddsa-jcs-2022 by {@code signer} for {@code audience} (docs/gate.md §9). The node
 * issues a token only when the signer is the share's miner.
 */
final class PoolTokenRequests {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PoolTokenRequests() {
    }

    /** The request carrying a pool's attestation of a share (docs/gate.md §9). */
    static String withAttestation(Ed25519.KeyPair signer, JsonNode attestation, String audience) {
        return signed(signer, "attestation", attestation, attestation.path("id").asString(), audience);
    }

    /** The request carrying the share itself, for the node to relay to its pools (docs/pool.md §9). */
    static String withShare(Ed25519.KeyPair signer, JsonNode share, String audience) {
        return signed(signer, "share", share, share.path("challenge_id").asString(), audience);
    }

    private static String signed(Ed25519.KeyPair signer, String member, JsonNode carried, String nonce,
            String audience) {
        JcsValue value = StrictJsonParser.ascii(16384).parse(JSON.writeValueAsString(carried));
        JcsValue.Obj document = JcsValue.Obj.of(Map.of("type", JcsValue.str(GateTypeTag.TOKEN_REQUEST.tag()),
                "mode", JcsValue.str("pool_validated"), member, value));
        JcsValue.Obj proofConfig = ReceiptSigner.proofConfig(EddsaJcs2022.verificationMethod(signer.did()), nonce,
                audience);
        byte[] signature = signer.sign(EddsaJcs2022.hashData(proofConfig, document));
        return JcsWriter.canonical(document.with("proof", proofConfig.with("proofValue",
                JcsValue.str("z" + Base58.encode(signature)))));
    }
}
