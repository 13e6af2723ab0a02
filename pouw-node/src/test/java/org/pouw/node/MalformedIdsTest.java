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

/**
 * Ids a caller writes into a JSON body or a query are parsed at the edge: a malformed one is a 400 naming its field
 * (a malformed id in a path names no resource, so it stays a 404, see {@link BadInputTest}).
 */
class MalformedIdsTest {
    @TempDir
    Path dir;

    final Ed25519.KeyPair worker = Ed25519.KeyPair.generate();
    RunningNode node;
    String token;

    @BeforeEach
    void start() {
        node = new RunningNode(dir, Map.of("pouw_mode", "remote"), new SettableClock(1_700_000_000_000L));
        token = node.signIn(worker);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void a_malformed_job_id_in_a_batch_names_its_item() {
        RunningNode.Reply reply = node.post("/v1/pouw/jobs/submit-batch", """
                {"submissions": [{"job_id": "not-a-job", "lease_token": "x", "proof": "AA=="}]}""", token);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("invalid_request");
        assertThat(reply.field()).isEqualTo("submissions[0].job_id");
        assertThat(reply.json().path("error").path("message").asString()).contains("a job id must be 32 hex digits");
    }

    @Test
    void a_malformed_intent_id_filter_is_named() {
        RunningNode.Reply reply = node.get("/v1/pouw/jobs?intent_id=nope");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.field()).isEqualTo("intent_id");
    }
}
