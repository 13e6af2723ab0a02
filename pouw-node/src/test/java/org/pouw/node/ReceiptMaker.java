package org.pouw.node;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.pouw.crypto.Ed25519;
import org.pouw.gate.hashcash.HashcashMinter;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.StrictJsonParser;
import org.pouw.gate.receipt.ReceiptSigner;
import org.pouw.gate.receipt.WorkReceipt;

/** Asks a running node for a hashcash challenge and answers it with a signed receipt, as a client would. */
final class ReceiptMaker {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ReceiptMaker() {
    }

    /** A fresh receipt from {@code client} for a challenge asked of {@code node}. */
    static String receipt(RunningNode node, Ed25519.KeyPair client) {
        RunningNode.Reply asked = node.post("/v1/challenges", RunningNode.JSON.createObjectNode()
                .put("did", client.did().toString()).put("kind", "hashcash"), null);
        if (asked.status() != 200) {
            throw new IllegalStateException("no challenge: " + asked.status() + " " + asked.json());
        }
        JcsValue.Obj challenge = (JcsValue.Obj) StrictJsonParser.ascii(4096).parse(asked.bytes());
        String stamp = HashcashMinter.mint(challenge.text("resource"), (int) challenge.integer("difficulty"),
                "261206", RANDOM);
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String network = node.get("/v1/gate/keys").json().path("network").asString();
        return ReceiptSigner.wire(ReceiptSigner.sign(new WorkReceipt(challenge, stamp,
                HexFormat.of().formatHex(nonce), System.currentTimeMillis()), client, challenge.text("id"), network));
    }

    /** The {@code pow} token request carrying {@code receipt}. */
    static String powRequest(String receipt) {
        return "{\"mode\":\"pow\",\"receipt\":" + receipt + "}";
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
