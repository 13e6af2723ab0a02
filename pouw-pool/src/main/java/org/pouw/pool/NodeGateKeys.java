package org.pouw.pool;

import java.net.URI;
import java.time.Duration;
import java.util.HexFormat;
import org.pouw.client.PouwClient;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import tools.jackson.databind.JsonNode;

/**
 * What a pool reads from its node once at start ({@code GET /v1/gate/keys}): the published challenge key its shares'
 * challenges are checked with, and the audience its attestations name.
 */
public record NodeGateKeys(byte[] challengePublicKey, String audience) {
    public NodeGateKeys {
        challengePublicKey = challengePublicKey.clone();
    }

    @Override
    public byte[] challengePublicKey() {
        return challengePublicKey.clone();
    }

    public static NodeGateKeys fetch(URI node, Ed25519.KeyPair poolKey, Clock clock) {
        try (PouwClient client = new PouwClient(node, poolKey, Duration.ofSeconds(10), clock)) {
            JsonNode keys = client.gate().keys();
            String hex = keys.path("challenge_public_key").asString("");
            String audience = keys.path("audience").asString("");
            if (!hex.matches("[0-9a-f]{64}") || audience.isEmpty()) {
                throw new IllegalStateException("the node at " + node + " published no challenge_public_key and "
                        + "audience (is its gate enabled?)");
            }
            return new NodeGateKeys(HexFormat.of().parseHex(hex), audience);
        }
    }
}
