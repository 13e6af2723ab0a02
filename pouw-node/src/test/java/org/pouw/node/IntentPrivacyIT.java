package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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

/**
 * The defect found after blob privacy (issue 27, item 6): {@code GET /v1/intents/{id}} gave anyone an intent's inputs
 * and output. Now the intent is read by its requester, by the holder of a live lease on one of its jobs or the prover
 * of one of its results (who read its trace anyway), and by the admin; everyone else gets the 404 of a missing
 * intent, and a caller without a sign-in gets 401. Each refusal below was a 200 with the inputs before.
 */
class IntentPrivacyIT {
    private static final long LEASE_MS = 10_000;

    @TempDir
    Path dir;

    final SettableClock clock = new SettableClock(1_700_000_000_000L);
    final Ed25519.KeyPair client = Ed25519.KeyPair.generate();
    final Ed25519.KeyPair worker = Ed25519.KeyPair.generate();
    final Ed25519.KeyPair stranger = Ed25519.KeyPair.generate();
    RunningNode node;
    String clientToken;

    @BeforeEach
    void start() {
        node = new RunningNode(dir, Map.of("genesis", client.did() + "=1000000", "market.job_ttl_ms", "600000"),
                clock);
        clientToken = node.signIn(client);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    /** A one-job macro intent of the sample program with a secret input; its id. */
    String postIntent() {
        ObjectNode body = RunningNode.JSON.createObjectNode().put("program", Samples.source("fibonacci"));
        body.putArray("inputs").add("17");
        body.put("max_steps", 10_000).put("tier", "macro").put("fee", 1000);
        RunningNode.Reply created = node.post("/v1/intents", body, clientToken);
        assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
        return created.json().path("intent_id").asString();
    }

    RunningNode.Reply show(String intentId, String token) {
        return node.get("/v1/intents/" + intentId, token);
    }

    /** Refused exactly as an intent that is not stored: same status, code and message, no inputs. */
    static void assertHidden(RunningNode.Reply reply, String intentId) {
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.code()).isEqualTo("not_found");
        assertThat(reply.json().path("error").path("message").asString())
                .isEqualTo("intent " + intentId + " not found");
        assertThat(reply.json().has("inputs")).isFalse();
        assertThat(reply.json().has("output")).isFalse();
    }

    @Test
    void theRequesterAndTheAdminReadTheInputsAndOutput() {
        String intentId = postIntent();
        for (String token : new String[] {clientToken, node.signIn(node.node.adminKey())}) {
            JsonNode intent = show(intentId, token).json();
            assertThat(intent.path("intent_id").asString()).isEqualTo(intentId);
            assertThat(intent.path("inputs").toString()).contains("17");
            assertThat(intent.has("output")).isTrue();
        }
    }

    @Test
    void aStrangerIsToldWhatAMissingIntentIsTold() {
        String intentId = postIntent();
        String strangerToken = node.signIn(stranger);
        assertHidden(show(intentId, strangerToken), intentId);
        String missing = "cd".repeat(32);
        assertHidden(show(missing, strangerToken), missing);
    }

    @Test
    void anAnonymousCallerMustSignIn() {
        String intentId = postIntent();
        RunningNode.Reply anonymous = node.get("/v1/intents/" + intentId);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.bytes()).asString().doesNotContain("17");
    }

    @Test
    void theLeaseHolderReadsTheIntentOfItsJobOnlyWhileTheLeaseIsLive() {
        String intentId = postIntent();
        String workerToken = node.signIn(worker);
        assertHidden(show(intentId, workerToken), intentId);
        RunningNode.Reply claimed = node.post("/v1/pouw/jobs/claim", RunningNode.JSON.createObjectNode()
                .put("lease_ms", LEASE_MS), workerToken);
        assertThat(claimed.json().path("jobs").size()).isEqualTo(1);

        assertThat(show(intentId, workerToken).status()).isEqualTo(200);
        clock.advance(LEASE_MS + 1);
        assertHidden(show(intentId, workerToken), intentId);
    }

    @Test
    void eachCallerListsItsOwnIntentsNewestFirstAPageAtATimeAndNoOneElses() {
        String first = postIntent();
        clock.advance(1);
        String second = postIntent();
        clock.advance(1);
        String third = postIntent();

        RunningNode.Reply page = node.get("/v1/intents?limit=2", clientToken);
        assertThat(page.status()).as(page.json().toString()).isEqualTo(200);
        assertThat(ids(page.json())).containsExactly(third, second);
        JsonNode newest = page.json().path("intents").path(0);
        assertThat(newest).as("each row is what GET /v1/intents/{id} answers")
                .isEqualTo(show(third, clientToken).json());
        String cursor = page.json().path("next_cursor").asString();
        JsonNode rest = node.get("/v1/intents?limit=2&cursor=" + cursor, clientToken).json();
        assertThat(ids(rest)).containsExactly(first);
        assertThat(rest.path("next_cursor").isNull()).isTrue();

        // Neither a stranger nor the admin (who may read any one intent) lists the client's.
        assertThat(ids(node.get("/v1/intents", node.signIn(stranger)).json())).isEmpty();
        assertThat(ids(node.get("/v1/intents", node.signIn(node.node.adminKey())).json())).isEmpty();
        assertThat(node.get("/v1/intents").status()).isEqualTo(401);

        RunningNode.Reply badCursor = node.get("/v1/intents?cursor=12.not-an-id", clientToken);
        assertThat(badCursor.status()).isEqualTo(400);
        assertThat(badCursor.field()).isEqualTo("cursor");
        assertThat(node.get("/v1/intents?limit=101", clientToken).status()).isEqualTo(400);
    }

    @Test
    void theListFiltersByAKindOfTheIntentsJobsAndRefusesAKindTheNodeDoesNotRun() {
        String first = postIntent();
        clock.advance(1);
        String second = postIntent();
        String kind = show(second, clientToken).json().path("jobs").path(0).path("kind").asString();

        RunningNode.Reply ofKind = node.get("/v1/intents?limit=1&kind=" + kind, clientToken);
        assertThat(ofKind.status()).as(ofKind.json().toString()).isEqualTo(200);
        assertThat(ids(ofKind.json())).containsExactly(second);
        String cursor = ofKind.json().path("next_cursor").asString();
        assertThat(ids(node.get("/v1/intents?limit=1&kind=" + kind + "&cursor=" + cursor, clientToken).json()))
                .containsExactly(first);
        // Another kind this node runs: none of these intents has a job of it.
        String other = node.get("/v1/pouw/system/status").json().path("kinds").valueStream()
                .map(JsonNode::asString).filter(name -> !name.equals(kind)).findFirst().orElseThrow();
        assertThat(ids(node.get("/v1/intents?kind=" + other, clientToken).json())).isEmpty();
        assertThat(ids(node.get("/v1/intents?kind=" + kind, node.signIn(stranger)).json())).isEmpty();

        RunningNode.Reply unknown = node.get("/v1/intents?kind=no-such-kind", clientToken);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.field()).isEqualTo("kind");
        assertThat(unknown.json().toString()).contains(kind);
    }

    static java.util.List<String> ids(JsonNode page) {
        return page.path("intents").valueStream().map(intent -> intent.path("intent_id").asString()).toList();
    }
}
