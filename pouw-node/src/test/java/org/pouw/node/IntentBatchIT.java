package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.client.NodeException;
import org.pouw.client.PouwClient;
import org.pouw.client.intents.HashChainIntent;
import org.pouw.client.intents.IntentCreated;
import org.pouw.client.intents.IntentToPost;
import org.pouw.client.intents.ProgramIntent;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.vm.Samples;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 26: many intents posted in one call ({@code POST /v1/intents/batch}), over real HTTP against a real node:
 * each item checked as a single post is, all posted in one transaction or none, a refusal naming its item.
 */
class IntentBatchIT {
    @TempDir
    Path dir;

    final Ed25519.KeyPair client = Ed25519.KeyPair.generate();
    RunningNode node;

    @BeforeEach
    void start() {
        // 3,500 units: three intents of 1,000 fit, a fourth does not.
        node = new RunningNode(dir, Map.of("genesis", client.did() + "=3500", "zk_mode", "stark"), Clock.system());
    }

    @AfterEach
    void stop() {
        node.close();
    }

    static ObjectNode program(String input, long maxSteps, long fee) {
        ObjectNode body = RunningNode.JSON.createObjectNode();
        body.put("program", Samples.source("fibonacci"));
        body.putArray("inputs").add(input);
        return body.put("max_steps", maxSteps).put("tier", "macro").put("fee", fee);
    }

    static ObjectNode batch(ObjectNode... items) {
        ObjectNode body = RunningNode.JSON.createObjectNode();
        ArrayNode list = body.putArray("intents");
        for (ObjectNode item : items) {
            list.add(item);
        }
        return body;
    }

    long balance() {
        return node.get("/v1/ledger/accounts/" + client.did()).json().path("balance").asLong();
    }

    long pending() {
        return node.get("/v1/pouw/system/status").json().path("queue").path("pending_count").asLong();
    }

    @Test
    void a_batch_posts_every_intent_in_order_and_each_is_readable_as_if_posted_alone() {
        String token = node.signIn(client);
        ObjectNode chain = RunningNode.JSON.createObjectNode().put("kind", "hash-chain").put("seed", "b")
                .put("steps", 4).put("fee", 1000);
        RunningNode.Reply created = node.post("/v1/intents/batch",
                batch(program("10", 10_000, 1000), chain, program("20", 10_000, 1000)), token);

        assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
        JsonNode intents = created.json().path("intents");
        assertThat(intents.size()).isEqualTo(3);
        assertThat(intents.path(0).path("output").path(1).asString()).as("r1 = F(10)").isEqualTo("55");
        assertThat(intents.path(2).path("output").path(1).asString()).as("r1 = F(20)").isEqualTo("6765");
        assertThat(balance()).isEqualTo(500);
        long jobs = 0;
        for (JsonNode intent : intents) {
            jobs += intent.path("job_ids").size();
            JsonNode read = node.get("/v1/intents/" + intent.path("intent_id").asString(), token).json();
            assertThat(read.path("status").asString()).isEqualTo("proving");
            assertThat(read.path("jobs").size()).isEqualTo(intent.path("job_ids").size());
        }
        assertThat(pending()).isEqualTo(jobs);
    }

    @Test
    void a_bad_item_is_named_and_nothing_of_the_batch_is_posted() {
        String token = node.signIn(client);

        RunningNode.Reply tooLong = node.post("/v1/intents/batch",
                batch(program("10", 10_000, 1000), program("10", 10_000_000_000L, 1000)), token);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.field()).isEqualTo("intents[1].max_steps");
        assertThat(tooLong.json().path("error").path("message").asString()).startsWith("intents[1]: max_steps");

        ObjectNode misspelt = program("10", 10_000, 1000).put("feee", 1);
        RunningNode.Reply unknown = node.post("/v1/intents/batch", batch(misspelt), token);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.field()).isEqualTo("intents[0].feee");

        RunningNode.Reply notAnObject = node.post("/v1/intents/batch", "{\"intents\":[7]}", token);
        assertThat(notAnObject.status()).isEqualTo(400);
        assertThat(notAnObject.field()).isEqualTo("intents[0]");

        ObjectNode[] many = new ObjectNode[101];
        java.util.Arrays.fill(many, program("1", 100, 0));
        assertThat(node.post("/v1/intents/batch", batch(many), token).field()).isEqualTo("intents");
        assertThat(node.post("/v1/intents/batch", batch(), token).field()).isEqualTo("intents");

        // The third item's fee is more than is left once the first two are paid: refused in the transaction,
        // which then posts none of them.
        RunningNode.Reply broke = node.post("/v1/intents/batch",
                batch(program("10", 10_000, 1000), program("11", 10_000, 1000), program("12", 10_000, 2000)), token);
        assertThat(broke.status()).isEqualTo(402);
        assertThat(broke.field()).isEqualTo("intents[2].fee");

        HttpRequest.Builder keyed = HttpRequest.newBuilder(URI.create(node.base + "/v1/intents/batch"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .header("Idempotency-Key", "k1")
                .POST(HttpRequest.BodyPublishers.ofString(batch(program("10", 10_000, 1000)).toString()));
        RunningNode.Reply withKey = node.send(keyed);
        assertThat(withKey.status()).isEqualTo(400);
        assertThat(withKey.field()).isEqualTo("Idempotency-Key");

        assertThat(balance()).as("nothing was charged").isEqualTo(3500);
        assertThat(pending()).as("nothing was posted").isZero();
    }

    /** A batch costs one intents token per item: four intents in one call spend a did's burst of four. */
    @Test
    void a_batch_spends_one_rate_limit_token_per_intent() {
        node.close();
        node = new RunningNode(dir.resolve("limited"), Map.of("genesis", client.did() + "=3500", "zk_mode", "stark",
                "rate_limits.intents.did_burst", "4", "rate_limits.intents.did_per_minute", "1"), Clock.system());
        String token = node.signIn(client);
        ObjectNode free = RunningNode.JSON.createObjectNode().put("kind", "hash-chain").put("steps", 4).put("fee", 0);
        RunningNode.Reply four = node.post("/v1/intents/batch", batch(free.deepCopy().put("seed", "a"),
                free.deepCopy().put("seed", "b"), free.deepCopy().put("seed", "c"), free.deepCopy().put("seed", "d")),
                token);
        assertThat(four.status()).as(four.json().toString()).isEqualTo(201);

        RunningNode.Reply fifth = node.post("/v1/intents", free.deepCopy().put("seed", "e"), token);
        assertThat(fifth.status()).isEqualTo(429);
        assertThat(fifth.json().path("error").path("limit").asString()).isEqualTo("intents.did");
    }

    @Test
    void the_typed_client_posts_a_batch_and_reports_a_refused_item() {
        try (PouwClient api = new PouwClient(URI.create(node.base), client, Duration.ofSeconds(30), Clock.system())) {
            api.auth().signIn();
            List<IntentToPost> two = List.of(
                    new ProgramIntent(Samples.source("fibonacci"), List.of("12"), 10_000, "macro", 1000),
                    new HashChainIntent("typed", 4, 1000));
            List<IntentCreated> created = api.intents().submitAll(two);
            assertThat(created).hasSize(2);
            assertThat(created.get(0).output().path(1).asString()).as("r1 = F(12)").isEqualTo("144");
            assertThat(created).allSatisfy(intent -> assertThat(intent.jobIds()).isNotEmpty());

            assertThatThrownBy(() -> api.intents().submitAll(List.of(new HashChainIntent("typed", 4, -1))))
                    .isInstanceOf(NodeException.class).hasMessageContaining("intents[0]: fee");
            assertThat(balance()).isEqualTo(1500);
        }
    }
}
