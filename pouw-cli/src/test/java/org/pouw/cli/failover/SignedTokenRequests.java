package org.pouw.cli.failover;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.StrictJsonParser;
import org.pouw.gate.hashcash.HashcashMinter;
import org.pouw.gate.receipt.ReceiptSigner;
import org.pouw.gate.receipt.WorkReceipt;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body of a {@code POST /v1/tokens} that redeems a node's hashcash challenge: the stamp minted, the receipt
 * signed by the client. The scenarios keep it to send again, as a replay.
 */
final class SignedTokenRequests {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();

    private SignedTokenRequests() {
    }

    /**
     * A receipt for a fresh hashcash challenge of {@code node} buys its access token (asserted); returns the request,
     * to send again as a replay.
     */
    static String buyToken(ScenarioNode node, Ed25519.KeyPair client) {
        ScenarioNode.Reply asked = node.post("/v1/challenges",
                "{\"did\":\"" + client.did() + "\",\"kind\":\"hashcash\"}", java.util.Map.of());
        if (asked.status() != 200) {
            throw new AssertionError("a challenge was refused: " + asked.body());
        }
        String request = forChallenge(node, asked.body(), client);
        ScenarioNode.Reply bought = node.post("/v1/tokens", request, java.util.Map.of());
        if (bought.status() != 200) {
            throw new AssertionError("a fresh receipt bought no token: " + bought.body());
        }
        return request;
    }

    /** The token request for the challenge {@code node} answered with {@code challengeBody}. */
    static String forChallenge(ScenarioNode node, String challengeBody, Ed25519.KeyPair client) {
        return "{\"mode\":\"pow\",\"receipt\":" + receipt(node, challengeBody, client) + "}";
    }

    /** The signed work receipt for the challenge {@code node} answered with: the body of {@code POST /v1/receipts}. */
    static String receipt(ScenarioNode node, String challengeBody, Ed25519.KeyPair client) {
        JcsValue.Obj challenge = (JcsValue.Obj) StrictJsonParser.ascii(4096)
                .parse(challengeBody.getBytes(StandardCharsets.US_ASCII));
        String stamp = HashcashMinter.mint(challenge.text("resource"), (int) challenge.integer("difficulty"),
                "261206", RANDOM);
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        JsonNode keys = JSON.readTree(node.get("/v1/gate/keys").body());
        return ReceiptSigner.wire(ReceiptSigner.sign(new WorkReceipt(challenge, stamp,
                HexFormat.of().formatHex(nonce), System.currentTimeMillis()), client, challenge.text("id"),
                keys.path("network").asString()));
    }
}
