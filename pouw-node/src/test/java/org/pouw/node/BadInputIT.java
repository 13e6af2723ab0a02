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
import org.pouw.vm.Samples;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** §5 "what bad input gets": a 4xx naming the field, and no state change. */
class BadInputIT {
    @TempDir
    Path dir;

    final SettableClock clock = new SettableClock(1_700_000_000_000L);
    final Ed25519.KeyPair client = Ed25519.KeyPair.generate();
    RunningNode node;
    String token;

    @BeforeEach
    void start() {
        node = new RunningNode(dir, Map.of("genesis", client.did() + "=500", "intents.max_steps", "5000",
                "http.max_body_bytes", "4096", "auth.token_ttl_ms", "60000"), clock);
        token = node.signIn(client);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    ObjectNode intent() {
        ObjectNode body = RunningNode.JSON.createObjectNode().put("program", Samples.source("power"));
        body.putArray("inputs").add(3).add(4);
        return body.put("max_steps", 1000).put("tier", "macro").put("fee", 10);
    }

    void assertNothingChanged() {
        JsonNode queue = node.get("/v1/pouw/system/status").json().path("queue");
        assertThat(queue.path("pending_count").asLong()).isZero();
        assertThat(node.get("/v1/ledger/accounts/" + client.did()).json().path("balance").asLong()).isEqualTo(500);
        assertThat(node.get("/v1/pouw/pool").json().path("reserved").asLong()).isZero();
    }

    @Test
    void malformedJsonWrongTypesAndUnknownFieldsAre400WithTheFieldNamed() {
        RunningNode.Reply malformed = node.post("/v1/intents", "{\"program\": ", token);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.code()).isEqualTo("malformed_json");

        RunningNode.Reply wrongType = node.post("/v1/intents", intent().put("max_steps", "lots"), token);
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.field()).isEqualTo("max_steps");

        RunningNode.Reply unknown = node.post("/v1/intents", intent().put("colour", "red"), token);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.field()).isEqualTo("colour");

        ObjectNode badInput = intent();
        badInput.putArray("inputs").add("18446744069414584321");
        assertThat(node.post("/v1/intents", badInput, token).field()).isEqualTo("inputs");
        assertThat(node.post("/v1/intents", intent().put("tier", "huge"), token).field()).isEqualTo("tier");
        assertNothingChanged();
    }

    @Test
    void programsThatDoNotAssembleNameTheLine() {
        RunningNode.Reply reply = node.post("/v1/intents", intent().put("program", "li r0 1\nmul r0 r0 r9\nhalt"),
                token);
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.code()).isEqualTo("program_invalid");
        assertThat(reply.json().path("error").path("message").asString()).contains("line 2");
        RunningNode.Reply loop = node.post("/v1/intents", intent().put("program", "top:\njmp top"), token);
        assertThat(loop.status()).isEqualTo(422);
        assertThat(loop.code()).isEqualTo("execution_failed");
        assertNothingChanged();
    }

    @Test
    void limitsAndBalancesAreEnforced() {
        RunningNode.Reply tooManySteps = node.post("/v1/intents", intent().put("max_steps", 5001), token);
        assertThat(tooManySteps.status()).isEqualTo(400);
        assertThat(tooManySteps.field()).isEqualTo("max_steps");

        RunningNode.Reply broke = node.post("/v1/intents", intent().put("fee", 501), token);
        assertThat(broke.status()).isEqualTo(402);
        assertThat(broke.code()).isEqualTo("insufficient_funds");
        assertThat(broke.field()).isEqualTo("fee");

        RunningNode.Reply huge = node.post("/v1/intents", intent().put("program", "# " + "x".repeat(5000)), token);
        assertThat(huge.status()).isEqualTo(413);
        assertNothingChanged();
    }

    @Test
    void unknownIdsAre404() {
        assertThat(node.get("/v1/pouw/jobs/00112233445566778899aabbccddeeff").status()).isEqualTo(404);
        assertThat(node.get("/v1/pouw/jobs/not-a-job").status()).isEqualTo(404);
        assertThat(node.get("/v1/intents/nope", token).status()).isEqualTo(404);
        assertThat(node.get("/v1/intents/nope").status()).as("intents are read signed in").isEqualTo(401);
        assertThat(node.get("/v1/pouw/blobs/" + "ab".repeat(32), token).status()).isEqualTo(404);
        assertThat(node.get("/v1/pouw/blobs/" + "ab".repeat(32)).status()).as("blobs are read signed in")
                .isEqualTo(401);
        assertThat(node.get("/v1/no/such/route").status()).isEqualTo(404);
        RunningNode.Reply submit = node.post("/v1/pouw/jobs/00112233445566778899aabbccddeeff/submit",
                "{\"lease_token\":\"x\",\"proof\":\"AA==\"}", token);
        assertThat(submit.status()).isEqualTo(404);
    }

    @Test
    void authRejectsForgedReplayedAndExpiredCredentials() {
        assertThat(node.post("/v1/intents", intent(), null).status()).isEqualTo(401);
        assertThat(node.post("/v1/intents", intent(), token + "x").status()).isEqualTo(401);

        RunningNode.Reply badDid = node.post("/v1/auth/challenge", "{\"did\":\"did:web:example.com\"}", null);
        assertThat(badDid.status()).isEqualTo(400);
        assertThat(badDid.field()).isEqualTo("did");

        String did = client.did().toString();
        String challenge = node.post("/v1/auth/challenge", RunningNode.JSON.createObjectNode().put("did", did), null)
                .json().path("challenge").asString();
        Ed25519.KeyPair impostor = Ed25519.KeyPair.generate();
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                impostor.sign(("pouw-auth-v1:" + challenge).getBytes(StandardCharsets.UTF_8)));
        ObjectNode attempt = RunningNode.JSON.createObjectNode().put("did", did).put("challenge", challenge)
                .put("signature", forged);
        RunningNode.Reply forgery = node.post("/v1/auth/token", attempt, null);
        assertThat(forgery.status()).isEqualTo(401);
        assertThat(forgery.field()).isEqualTo("signature");
        // a forgery does not use the challenge up (only a verified one is recorded, issue 27 item 7): an impostor who
        // saw it cannot spend the owner's sign-in; the owner's signature is taken once, and once only
        String genuine = Base64.getUrlEncoder().withoutPadding().encodeToString(
                client.sign(("pouw-auth-v1:" + challenge).getBytes(StandardCharsets.UTF_8)));
        assertThat(node.post("/v1/auth/token", attempt.put("signature", genuine), null).status())
                .as("the owner after a forged try").isEqualTo(200);
        RunningNode.Reply replay = node.post("/v1/auth/token", attempt, null);
        assertThat(replay.status()).as("a challenge is exchanged for one token only").isEqualTo(401);
        assertThat(replay.field()).isEqualTo("challenge");

        clock.advance(60_001);
        assertThat(node.post("/v1/intents", intent(), token).status()).as("token expired").isEqualTo(401);
        assertNothingChanged();
    }
}
