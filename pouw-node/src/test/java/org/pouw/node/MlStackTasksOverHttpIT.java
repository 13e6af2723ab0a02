package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.kinds.mltrain.MlTrainKind;
import org.pouw.ml.data.ByteTextReader;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.data.DatasetCodec;
import org.pouw.ml.model.ModelFile;
import org.pouw.ml.model.Presets;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Evaluator;
import org.pouw.ml.train.Loss;
import org.pouw.worker.Worker;
import org.pouw.worker.WorkerDisplay;
import org.pouw.worker.WorkerOptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 28: stack tasks posted as JSON specs ({@code "spec"}) over real HTTP — a decoder-only transformer on
 * byte-level text is completed by the node from the datasets' roots, trained by a worker through commit → challenge →
 * open, audited and paid; bad specs are 400s naming {@code spec.<field>} and change nothing.
 */
class MlStackTasksOverHttpIT {
    private static final Dataset TRAIN = ByteTextReader.read(text(1_500, 1), "train", 8, 2);
    private static final Dataset HELD_OUT = ByteTextReader.read(text(400, 2), "held-out", 8, 4);

    @TempDir
    Path dir;

    final Ed25519.KeyPair client = Ed25519.KeyPair.generate();
    final Ed25519.KeyPair worker = Ed25519.KeyPair.generate();

    @Test
    void a_transformer_spec_is_trained_audited_and_paid_and_its_model_downloads() throws Exception {
        try (RunningNode node = new RunningNode(dir, Map.of("genesis", client.did() + "=10000", "ml.audits", "4"),
                Clock.system())) {
            String token = node.signIn(client);
            String train = upload(node, DatasetCodec.encode(TRAIN), token);
            String heldOut = upload(node, DatasetCodec.encode(HELD_OUT), token);
            ObjectNode spec = spec("transformer:8-256-16-2-1", 20).put("cosine_floor", 0.1).put("warmup_steps", 3)
                    .put("clip", 1.0).put("weight_decay", 0.01);
            RunningNode.Reply created = post(node, token, spec, train, heldOut);
            assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
            String intentId = created.json().path("intent_id").asString();
            assertThat(created.json().path("steps").asLong()).isEqualTo(20);

            Worker running = worker(node);
            Thread thread = running.start();
            await().atMost(Duration.ofSeconds(50)).until(() -> running.stats().completed() == 1);
            running.stop();
            thread.join(10_000);

            JsonNode shown = node.get("/v1/ml/tasks/" + intentId).json();
            assertThat(shown.path("status").asString()).isEqualTo("proven");
            assertThat(shown.path("trained_by").asString()).isEqualTo(worker.did().toString());
            assertThat(node.get("/v1/ledger/accounts/" + worker.did()).json().path("balance").asLong()).isPositive();
            RunningNode.Reply model = node.send(HttpRequest.newBuilder(URI.create(node.base + "/v1/ml/tasks/" + intentId
                    + "/model")).header("Authorization", "Bearer " + token).GET());
            assertThat(model.status()).isEqualTo(200);
            ModelFile.Model decoded = ModelFile.decode(model.bytes());
            assertThat(decoded.architecture()).isEqualTo(Presets.transformer(8, 256, 16, 2, 1));
            double loss = Evaluator.evaluate(decoded.network(), HELD_OUT, Loss.SOFTMAX_CROSS_ENTROPY,
                    ThreadTeam.single()).meanLoss();
            assertThat(loss).isEqualTo(shown.path("quality").path("loss").asDouble());
            assertThat(shown.path("quality").path("perplexity").asDouble()).isEqualTo(StrictMath.exp(loss));
        }
    }

    @Test
    void bad_specs_are_refused_naming_the_field_and_change_nothing() {
        try (RunningNode node = new RunningNode(dir, Map.of("genesis", client.did() + "=500", "ml.max_steps", "100"),
                Clock.system())) {
            String token = node.signIn(client);
            String train = upload(node, DatasetCodec.encode(TRAIN), token);
            String heldOut = upload(node, DatasetCodec.encode(HELD_OUT), token);
            record Bad(ObjectNode spec, String field, String says) {
            }
            List<Bad> bad = List.of(
                    new Bad(spec("stack:1x8x1:embed256x16,swish,last,dense256", 10), "spec.architecture", "layer 'swish'"),
                    new Bad(spec("transformer:8-256-16-3-1", 10), "spec.architecture", "attention heads"),
                    new Bad(spec("resnet9", 10), "spec.architecture", "resnet8, resnet20"),
                    new Bad(spec("transformer:8-256-16-2-1", 10).put("optimizer", "lion"), "spec.optimizer", "sgd, adam or adamw"),
                    new Bad(spec("transformer:8-256-16-2-1", 10).put("learning_rate", "fast"), "spec.learning_rate", "a number"),
                    new Bad(spec("transformer:8-256-16-2-1", 10).put("batch", 0), "spec.batch", "in [1,"),
                    new Bad(spec("transformer:8-256-16-2-1", 10).put("target_loss", 1.0), "spec.target_accuracy", "exactly one"),
                    new Bad(spec("transformer:8-256-16-2-1", 10).put("momentum_", 0.9), "spec.momentum_", "unknown field"),
                    new Bad(spec("transformer:8-256-16-2-1", 101), "spec", "ml.max_steps"),
                    new Bad(spec("transformer:8-256-16-2-1", 10).put("batch", 2_000), "spec", "larger than the training set"),
                    new Bad(spec("stack:1x8x1:embed256x16,last,dense10", 10), "train_blob", "takes 8 and 10"));
            for (Bad each : bad) {
                RunningNode.Reply reply = post(node, token, each.spec(), train, heldOut);
                assertThat(reply.status()).as(each.field()).isEqualTo(400);
                assertThat(reply.field()).as(reply.json().toString()).isEqualTo(each.field());
                assertThat(reply.json().toString()).contains(each.says());
            }
            RunningNode.Reply both = node.post("/v1/ml/tasks", RunningNode.JSON.createObjectNode().put("task", "AAAA")
                    .<ObjectNode>set("spec", spec("resnet8", 1)).put("train_blob", train).put("held_out_blob", heldOut), token);
            assertThat(both.field()).isEqualTo("task");
            assertThat(node.get("/v1/pouw/jobs?kind=ml-train").json().path("jobs").size()).isZero();
            assertThat(node.get("/v1/ledger/accounts/" + client.did()).json().path("balance").asLong()).isEqualTo(500);
        }
    }

    private static ObjectNode spec(String architecture, long steps) {
        return RunningNode.JSON.createObjectNode().put("architecture", architecture).put("optimizer", "adamw")
                .put("learning_rate", 0.003).put("batch", 8).put("seed", 5).put("steps", steps)
                .put("target_accuracy", 0.3).put("fee", 400);
    }

    private static RunningNode.Reply post(RunningNode node, String token, ObjectNode spec, String train, String heldOut) {
        return node.post("/v1/ml/tasks", RunningNode.JSON.createObjectNode().<ObjectNode>set("spec", spec)
                .put("train_blob", train).put("held_out_blob", heldOut), token);
    }

    private static String upload(RunningNode node, byte[] bytes, String token) {
        return node.send(HttpRequest.newBuilder(URI.create(node.base + "/v1/ml/datasets"))
                .header("Content-Type", "application/octet-stream").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))).json().path("blob").asString();
    }

    private Worker worker(RunningNode node) {
        WorkerOptions options = WorkerOptions.defaults(URI.create(node.base), worker)
                .withRetry(Duration.ofMillis(20), Duration.ofMillis(200))
                .withIdlePolling(Duration.ofMillis(20), Duration.ofMillis(100));
        return new Worker(options, List.of(new MlTrainKind()), WorkerDisplay.NONE);
    }

    /** Seeded sentences from a few words: small text a byte-level model can learn something of. */
    private static byte[] text(int bytes, long seed) {
        String[] words = {"the", "cat", "pays", "a", "block", "node", "trains", "model", "proof", "fee"};
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder out = new StringBuilder();
        while (out.length() < bytes) {
            out.append(words[random.nextInt(words.length)]).append(random.nextInt(5) == 0 ? ". " : " ");
        }
        return out.substring(0, bytes).getBytes(StandardCharsets.US_ASCII);
    }
}
