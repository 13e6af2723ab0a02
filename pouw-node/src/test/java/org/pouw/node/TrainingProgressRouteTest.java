package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;
import org.pouw.kinds.mltrain.MlFixtures;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.data.DatasetCodec;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/pouw/jobs/{id}/progress} (issue 29; docs/api.md "Training progress"), against the threat model of
 * {@code TrainingProgress}: a prover's progress is display only, so what matters is who may send it and how much.
 * Only the holder of the job's live lease is heard; a lease is heard at most once a second (the clock is turned, not
 * slept on); bad input is a 400 naming the field; and every refusal appends no event.
 */
class TrainingProgressRouteTest {
    private static final Dataset TRAIN = MlFixtures.clusters(48, 1);
    private static final Dataset HELD_OUT = MlFixtures.clusters(24, 2);

    @TempDir
    Path dir;

    final Ed25519.KeyPair client = Ed25519.KeyPair.generate();
    final Ed25519.KeyPair prover = Ed25519.KeyPair.generate();
    final Ed25519.KeyPair stranger = Ed25519.KeyPair.generate();
    final SettableClock clock = new SettableClock(1_700_000_000_000L);
    RunningNode node;
    String proverToken;
    String intentId;
    String jobId;
    String lease;

    @BeforeEach
    void start() {
        node = new RunningNode(dir, Map.of("genesis", client.did() + "=100000"), clock);
        intentId = postTask(node, node.signIn(client));
        proverToken = node.signIn(prover);
        JsonNode claimed = claim(proverToken, "ml-train");
        jobId = claimed.path("job_id").asString();
        lease = claimed.path("lease").path("token").asString();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void the_lease_holder_s_report_is_published_as_an_event_and_the_next_is_heard_a_second_later() {
        long before = lastSeq();
        RunningNode.Reply reply = report(proverToken, body(lease, 5, 0.75).put("accuracy", 0.5));
        assertThat(reply.status()).as(reply.json().toString()).isEqualTo(200);
        assertThat(reply.json().path("job_id").asString()).isEqualTo(jobId);
        assertThat(reply.json().path("next_report_in_ms").asLong()).isEqualTo(1_000);
        JsonNode event = eventAfter(before);
        assertThat(event.path("type").asString()).isEqualTo("ml.task.progress");
        assertThat(event.path("seq").asLong()).isEqualTo(reply.json().path("event_seq").asLong());
        assertThat(event.path("job_id").asString()).isEqualTo(jobId);
        assertThat(event.path("intent_id").asString()).isEqualTo(intentId);
        assertThat(event.path("data").path("step").asLong()).isEqualTo(5);
        assertThat(event.path("data").path("loss").asDouble()).isEqualTo(0.75);
        assertThat(event.path("data").path("accuracy").asDouble()).isEqualTo(0.5);
        assertThat(event.path("data").path("prover_id").asString()).isEqualTo(prover.did().toString());
        assertThat(event.path("data").path("attempt").asInt()).isEqualTo(1);

        // A second report within the second is refused, with the wait, and appends nothing.
        long published = lastSeq();
        clock.advance(999);
        RunningNode.Reply tooSoon = report(proverToken, body(lease, 6, 0.7));
        assertThat(tooSoon.status()).isEqualTo(429);
        assertThat(tooSoon.code()).isEqualTo("rate_limited");
        assertThat(tooSoon.headers().get("retry-after")).containsExactly("1");
        assertThat(lastSeq()).isEqualTo(published);

        clock.advance(1);
        assertThat(report(proverToken, body(lease, 6, 0.7)).status()).isEqualTo(200);
        // Steps only go forward on one lease: a repeated or earlier step is a conflict, not a second point.
        clock.advance(1_000);
        RunningNode.Reply backwards = report(proverToken, body(lease, 6, 0.6));
        assertThat(backwards.status()).isEqualTo(409);
        assertThat(backwards.field()).isEqualTo("step");
        assertThat(lastSeq()).isEqualTo(published + 1);
    }

    @Test
    void only_the_holder_of_the_live_lease_is_heard() {
        long before = lastSeq();
        String strangerToken = node.signIn(stranger);
        // Another signed-in did with the holder's own token: not its lease.
        RunningNode.Reply notHolder = report(strangerToken, body(lease, 1, 1.0));
        assertThat(notHolder.status()).isEqualTo(409);
        assertThat(notHolder.code()).isEqualTo("lease_lost");
        // The holder with a token that is not the lease's.
        RunningNode.Reply wrongToken = report(proverToken, body("not-the-lease", 1, 1.0));
        assertThat(wrongToken.status()).isEqualTo(409);
        assertThat(wrongToken.code()).isEqualTo("lease_lost");
        // Nobody signed in.
        assertThat(node.post("/v1/pouw/jobs/" + jobId + "/progress", body(lease, 1, 1.0), null).status())
                .isEqualTo(401);
        // A job that is not there.
        assertThat(report(proverToken, body(lease, 1, 1.0), "ab".repeat(32)).status()).isEqualTo(404);
        // A lease that ran out.
        clock.advance(node.node.market().settings().defaultLeaseMs() + 1_000);
        RunningNode.Reply expired = report(proverToken, body(lease, 1, 1.0));
        assertThat(expired.status()).isEqualTo(409);
        assertThat(expired.code()).isEqualTo("lease_lost");
        assertThat(lastSeq()).isEqualTo(before);
    }

    @Test
    void a_job_of_another_kind_reports_no_training_progress() {
        String token = node.signIn(client);
        RunningNode.Reply intent = node.post("/v1/intents", RunningNode.JSON.createObjectNode()
                .put("program", "li r1 1\nmuli r1 r1 3\nhalt").put("max_steps", 100).put("tier", "micro")
                .put("fee", 200), token);
        assertThat(intent.status()).as(intent.json().toString()).isEqualTo(201);
        JsonNode other = claim(proverToken, null); // the only job still pending
        assertThat(other.path("kind").asString()).isNotEqualTo("ml-train");
        long before = lastSeq();
        RunningNode.Reply reply = report(proverToken, body(other.path("lease").path("token").asString(), 1, 1.0),
                other.path("job_id").asString());
        assertThat(reply.status()).as(reply.json().toString()).isEqualTo(409);
        assertThat(reply.code()).isEqualTo("conflict");
        assertThat(reply.field()).isEqualTo("job_id");
        assertThat(lastSeq()).isEqualTo(before);
    }

    @Test
    void bad_input_is_a_400_naming_the_field_and_publishes_nothing() {
        long before = lastSeq();
        record Case(ObjectNode body, String field) {
        }
        List<Case> cases = List.of(
                new Case(RunningNode.JSON.createObjectNode().put("step", 1).put("loss", 1.0), "lease_token"),
                new Case(RunningNode.JSON.createObjectNode().put("lease_token", lease).put("loss", 1.0), "step"),
                new Case(body(lease, 0, 1.0), "step"),
                new Case(body(lease, 1, 1.0).put("step", 1.5), "step"),
                new Case(body(lease, 1, 1.0).put("loss", "low"), "loss"),
                new Case(body(lease, 1, -0.5), "loss"),
                new Case(body(lease, 1, 1e12), "loss"),
                new Case(body(lease, 1, 1.0).put("accuracy", 1.5), "accuracy"),
                new Case(body(lease, 1, 1.0).put("accuracy", "high"), "accuracy"),
                new Case(body(lease, 1, 1.0).put("weights", "0"), "weights"));
        for (Case bad : cases) {
            RunningNode.Reply reply = report(proverToken, bad.body());
            assertThat(reply.status()).as(bad.body() + " -> " + reply.json()).isEqualTo(400);
            assertThat(reply.field()).as(bad.body() + " -> " + reply.json()).isEqualTo(bad.field());
        }
        assertThat(lastSeq()).isEqualTo(before);
        // None of them used up the lease's second: a good report is heard at once.
        assertThat(report(proverToken, body(lease, 1, 1.0)).status()).isEqualTo(200);
    }

    /** A small ml-train task of the signed-in client's, pending (40 steps); its intent id. */
    static String postTask(RunningNode node, String token) {
        TrainingTask task = MlFixtures.task(TRAIN, HELD_OUT, 40, TargetMetric.accuracyAtLeast(0.5), 1_000);
        RunningNode.Reply created = node.post("/v1/ml/tasks", RunningNode.JSON.createObjectNode()
                .put("task", Base64.getEncoder().encodeToString(task.encode()))
                .put("train_blob", upload(node, DatasetCodec.encode(TRAIN), token))
                .put("held_out_blob", upload(node, DatasetCodec.encode(HELD_OUT), token)), token);
        assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
        return created.json().path("intent_id").asString();
    }

    private static String upload(RunningNode node, byte[] bytes, String token) {
        return node.send(HttpRequest.newBuilder(URI.create(node.base + "/v1/ml/datasets"))
                .header("Content-Type", "application/octet-stream").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))).json().path("blob").asString();
    }

    private JsonNode claim(String token, String kind) {
        ObjectNode body = RunningNode.JSON.createObjectNode().put("max_jobs", 1);
        if (kind != null) {
            body.putArray("kinds").add(kind);
        }
        RunningNode.Reply claimed = node.post("/v1/pouw/jobs/claim", body, token);
        assertThat(claimed.status()).as(claimed.json().toString()).isEqualTo(200);
        return claimed.json().path("jobs").path(0);
    }

    private static ObjectNode body(String leaseToken, long step, double loss) {
        return RunningNode.JSON.createObjectNode().put("lease_token", leaseToken).put("step", step).put("loss", loss);
    }

    private RunningNode.Reply report(String token, ObjectNode body) {
        return report(token, body, jobId);
    }

    private RunningNode.Reply report(String token, ObjectNode body, String job) {
        return node.post("/v1/pouw/jobs/" + job + "/progress", body, token);
    }

    private long lastSeq() {
        return node.get("/v1/pouw/system/status").json().path("last_event_seq").asLong();
    }

    /** The one event after {@code seq}, read from the public stream (which ends after it). */
    private JsonNode eventAfter(long seq) {
        String stream = new String(node.get("/v1/pouw/events?limit=1&after=" + seq).bytes(), StandardCharsets.UTF_8);
        String data = stream.lines().filter(line -> line.startsWith("data:")).findFirst().orElseThrow()
                .substring("data:".length()).strip();
        return RunningNode.JSON.readTree(data);
    }
}
