package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v1/pouw/jobs} newest first and by prover (issue 29, the console's jobs view; docs/api.md): the order
 * pages by the same cursor both ways, the prover filter keeps the jobs that did:key claimed, and a bad value of either
 * is a 400 naming its parameter.
 */
class JobListOrderTest {
    @TempDir
    Path dir;

    final Ed25519.KeyPair client = Ed25519.KeyPair.generate();
    final Ed25519.KeyPair worker = Ed25519.KeyPair.generate();
    RunningNode node;
    final List<String> posted = new ArrayList<>();

    @BeforeEach
    void start() {
        node = new RunningNode(dir, Map.of("genesis", client.did() + "=100000"),
                new SettableClock(1_700_000_000_000L));
        String token = node.signIn(client);
        for (int i = 1; i <= 5; i++) {
            RunningNode.Reply intent = node.post("/v1/intents", RunningNode.JSON.createObjectNode()
                    .put("program", "li r1 1\nmuli r1 r1 " + i + "\nhalt").put("max_steps", 100).put("tier", "micro")
                    .put("fee", 200), token);
            assertThat(intent.status()).as("intent %s: %s", i, intent.json()).isEqualTo(201);
            intent.json().path("job_ids").forEach(id -> posted.add(id.asString()));
        }
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void newest_first_pages_down_by_the_same_cursor() {
        List<String> newest = posted.reversed();
        RunningNode.Reply first = node.get("/v1/pouw/jobs?order=newest&limit=3");
        assertThat(first.status()).isEqualTo(200);
        assertThat(ids(first)).containsExactlyElementsOf(newest.subList(0, 3));
        String cursor = first.json().path("next_cursor").asString();
        RunningNode.Reply second = node.get("/v1/pouw/jobs?order=newest&limit=3&cursor=" + cursor);
        assertThat(ids(second)).containsExactlyElementsOf(newest.subList(3, newest.size()));

        assertThat(ids(node.get("/v1/pouw/jobs?order=oldest&limit=500"))).containsExactlyElementsOf(posted);
        assertThat(ids(node.get("/v1/pouw/jobs?limit=500"))).as("oldest first stays the default")
                .containsExactlyElementsOf(posted);
    }

    @Test
    void the_prover_filter_keeps_the_jobs_that_prover_claimed() {
        RunningNode.Reply claimed = node.post("/v1/pouw/jobs/claim", "{\"max_jobs\": 2}", node.signIn(worker));
        assertThat(claimed.status()).as("claim: %s", claimed.json()).isEqualTo(200);
        List<String> taken = new ArrayList<>();
        claimed.json().path("jobs").forEach(job -> taken.add(job.path("job_id").asString()));
        assertThat(taken).hasSize(2);

        String mine = "/v1/pouw/jobs?prover=" + worker.did();
        assertThat(ids(node.get(mine))).containsExactlyInAnyOrderElementsOf(taken);
        assertThat(ids(node.get(mine + "&order=newest&status=in_progress&limit=1"))).hasSize(1)
                .containsAnyElementsOf(taken);
        assertThat(ids(node.get("/v1/pouw/jobs?prover=" + client.did()))).as("a did that claimed nothing").isEmpty();
    }

    @Test
    void a_bad_order_or_prover_is_a_400_naming_it() {
        RunningNode.Reply order = node.get("/v1/pouw/jobs?order=sideways");
        assertThat(order.status()).isEqualTo(400);
        assertThat(order.field()).isEqualTo("order");
        RunningNode.Reply prover = node.get("/v1/pouw/jobs?prover=did:key:nope");
        assertThat(prover.status()).isEqualTo(400);
        assertThat(prover.field()).isEqualTo("prover");
    }

    private static List<String> ids(RunningNode.Reply reply) {
        assertThat(reply.status()).as("%s", reply.json()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode job : reply.json().path("jobs")) {
            ids.add(job.path("job_id").asString());
        }
        return ids;
    }
}
