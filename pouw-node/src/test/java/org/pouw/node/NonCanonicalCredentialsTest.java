package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;
import org.pouw.node.auth.Base64UrlSpellings;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 18, defect 5 over real HTTP: a login signature or a bearer token in any spelling but the canonical one is
 * refused, for several fresh keys (each signature and MAC has its own last character).
 */
class NonCanonicalCredentialsTest {
    @TempDir
    Path dir;

    RunningNode node;

    @BeforeEach
    void start() {
        node = new RunningNode(dir, Map.of(), new SettableClock(1_700_000_000_000L));
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void only_the_canonical_signature_and_token_are_accepted() {
        for (int round = 0; round < 5; round++) {
            Ed25519.KeyPair key = Ed25519.KeyPair.generate();
            String did = key.did().toString();
            String challenge = node.post("/v1/auth/challenge", RunningNode.JSON.createObjectNode().put("did", did),
                    null).json().path("challenge").asString();
            byte[] signature = key.sign(("pouw-auth-v1:" + challenge).getBytes(StandardCharsets.UTF_8));
            ObjectNode request = RunningNode.JSON.createObjectNode().put("did", did).put("challenge", challenge);
            for (String other : Base64UrlSpellings.alternatives(signature)) {
                RunningNode.Reply refused = node.post("/v1/auth/token", request.put("signature", other), null);
                assertThat(refused.status()).as("signature spelt %s", other).isEqualTo(400);
                assertThat(refused.field()).isEqualTo("signature");
            }
            RunningNode.Reply issued = node.post("/v1/auth/token",
                    request.put("signature", Base64UrlSpellings.canonical(signature)), null);
            assertThat(issued.status()).as("the refusals above did not burn the challenge").isEqualTo(200);

            String token = issued.json().path("token").asString();
            assertThat(node.post("/v1/ledger/transfers", "{}", token).status()).as("the token works")
                    .isEqualTo(400);
            int dot = token.indexOf('.');
            byte[] mac = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            for (String other : Base64UrlSpellings.alternatives(mac)) {
                RunningNode.Reply refused = node.post("/v1/ledger/transfers", "{}",
                        token.substring(0, dot + 1) + other);
                assertThat(refused.status()).as("token mac spelt %s", other).isEqualTo(401);
            }
        }
    }
}
