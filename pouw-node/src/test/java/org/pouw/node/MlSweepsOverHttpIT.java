package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
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
import org.pouw.ml.data.Dataset;
import org.pouw.ml.data.DatasetCodec;
import org.pouw.ml.model.StackText;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.train.Trainer;
import org.pouw.ml.train.TrainingState;
import org.pouw.worker.Worker;
import org.pouw.worker.WorkerDisplay;
import org.pouw.worker.WorkerOptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 28 over real HTTP: a sweep (4 configurations × 5 folds, the "done when") posted as one request becomes ordinary ml-train tasks that a
 * worker trains and the node audits and pays, and its report's means and best match the tasks' recorded accuracies;
 * bad sweeps are refused naming the field and post nothing. And a task that starts from given weights
 * ({@code POST /v1/ml/initial-states}, {@code init_blob}) is trained from them and paid.
 */
class MlSweepsOverHttpIT {
    static final String ARCH = "stack:1x1x6:dense8,relu,dense3";
    static final Dataset DATA = clusters(120, 3);

    @TempDir
    Path dir;

    final Ed25519.KeyPair client = Ed25519.KeyPair.generate();
    final Ed25519.KeyPair other = Ed25519.KeyPair.generate();
    final Ed25519.KeyPair worker = Ed25519.KeyPair.generate();

    @Test
    void a_five_fold_sweep_of_four_configurations_is_trained_audited_paid_and_reported() throws Exception {
        try (RunningNode node = new RunningNode(dir, Map.of("genesis", client.did() + "=10000", "ml.audits", "3"),
                Clock.system())) {
            String token = node.signIn(client);
            String data = upload(node, "/v1/ml/datasets", DatasetCodec.encode(DATA), token);
            RunningNode.Reply created = node.post("/v1/ml/sweeps", sweep(data, 5,
                    config(0.05, 16), config(0.2, 8), config(0.1, 16), config(0.02, 8)), token);
            assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
            JsonNode sweep = created.json();
            String id = sweep.path("sweep_id").asString();
            assertThat(sweep.path("jobs_total").asInt()).isEqualTo(20);
            assertThat(sweep.path("fee_total").asLong()).isEqualTo(20 * 300);
            assertThat(sweep.path("status").asString()).isEqualTo("running");
            assertThat(node.get("/v1/ledger/accounts/" + client.did()).json().path("balance").asLong())
                    .isEqualTo(10_000 - 20 * 300);

            Worker running = worker(node);
            Thread thread = running.start();
            await().atMost(Duration.ofSeconds(120)).until(() -> running.stats().completed() == 20);
            running.stop();
            thread.join(10_000);

            JsonNode report = node.get("/v1/ml/sweeps/" + id, token).json();
            assertThat(report.path("status").asString()).as(report.toString()).isEqualTo("completed");
            assertThat(report.path("jobs_done").asInt()).isEqualTo(20);
            double[] means = new double[4];
            for (JsonNode job : report.path("jobs")) {
                JsonNode task = node.get("/v1/ml/tasks/" + job.path("intent_id").asString()).json();
                double accuracy = task.path("quality").path("accuracy").asDouble();
                assertThat(job.path("accuracy").asDouble()).isEqualTo(accuracy);
                means[job.path("configuration").asInt()] += accuracy / 5;
            }
            JsonNode rows = report.path("configurations");
            int best = 0;
            for (int c = 0; c < 4; c++) {
                assertThat(rows.get(c).path("folds_verified").asInt()).isEqualTo(5);
                assertThat(rows.get(c).path("mean").asDouble()).isCloseTo(means[c],
                        org.assertj.core.api.Assertions.within(1e-12));
                if (rows.get(c).path("mean").asDouble() > rows.get(best).path("mean").asDouble()) {
                    best = c;
                }
            }
            assertThat(report.path("best").asInt()).isEqualTo(best);
            assertThat(node.get("/v1/ml/sweeps/" + id, node.signIn(other)).status()).isEqualTo(404);
        }
    }

    @Test
    void bad_sweeps_are_refused_naming_the_field_and_post_nothing() {
        try (RunningNode node = new RunningNode(dir, Map.of("genesis", client.did() + "=1000"), Clock.system())) {
            String token = node.signIn(client);
            String data = upload(node, "/v1/ml/datasets", DatasetCodec.encode(DATA), token);
            record Bad(ObjectNode request, int status, String field, String says) {
            }
            ObjectNode unknownSetting = sweep(data, 2, config(0.05, 16));
            ((ObjectNode) unknownSetting.path("configurations").get(0)).put("architecture", "resnet8");
            ObjectNode badRate = sweep(data, 2, config(0.05, 16));
            ((ObjectNode) badRate.path("configurations").get(0)).put("learning_rate", "fast");
            ObjectNode[] many = new ObjectNode[60];
            for (int i = 0; i < many.length; i++) {
                many[i] = config(0.01 * (i + 1), 8);
            }
            List<Bad> bad = List.of(
                    new Bad(unknownSetting, 400, "configurations[0].architecture", "cannot be swept"),
                    new Bad(badRate, 400, "configurations[0]", "spec.learning_rate"),
                    new Bad(sweep(data, 21, config(0.05, 16)), 400, "folds", "[1, 20]"),
                    new Bad(sweep(data, 5, many), 400, "folds", "at most 256"),
                    new Bad(sweep(data, 2), 400, "configurations", "1 to 64"),
                    new Bad(sweep(data, 2, config(0.05, 16)).put("name", "n".repeat(201)), 400, "name",
                            "at most 200 characters"),
                    new Bad(sweep("f".repeat(64), 2, config(0.05, 16)), 404, "dataset_blob", "uploaded by the caller"),
                    new Bad(sweep(data, 2, config(0.05, 16), config(0.1, 16)), 402, "spec.fee", "reserve 1200"));
            for (Bad each : bad) {
                RunningNode.Reply reply = node.post("/v1/ml/sweeps", each.request(), token);
                assertThat(reply.status()).as(reply.json().toString()).isEqualTo(each.status());
                assertThat(reply.field()).as(reply.json().toString()).isEqualTo(each.field());
                assertThat(reply.json().toString()).contains(each.says());
            }
            assertThat(node.get("/v1/pouw/jobs?kind=ml-train").json().path("jobs").size()).isZero();
            assertThat(node.get("/v1/ledger/accounts/" + client.did()).json().path("balance").asLong()).isEqualTo(1000);
        }
    }

    @Test
    void a_requester_lists_its_own_sweeps_newest_first_a_page_at_a_time() {
        try (RunningNode node = new RunningNode(dir, Map.of("genesis", client.did() + "=100000," + other.did()
                + "=100000"), Clock.system())) {
            String token = node.signIn(client);
            String otherToken = node.signIn(other);
            String data = upload(node, "/v1/ml/datasets", DatasetCodec.encode(DATA), token);
            String otherData = upload(node, "/v1/ml/datasets", DatasetCodec.encode(DATA), otherToken);
            List<String> posted = new java.util.ArrayList<>();
            for (double rate : new double[] {0.05, 0.1, 0.2}) {
                RunningNode.Reply reply = node.post("/v1/ml/sweeps", sweep(data, 2, config(rate, 16)), token);
                assertThat(reply.status()).as(reply.json().toString()).isEqualTo(201);
                posted.add(reply.json().path("sweep_id").asString());
                // sweeps of one millisecond are listed by id: the next is posted a millisecond later at least
                long answered = System.currentTimeMillis();
                await().atMost(Duration.ofSeconds(5)).until(() -> System.currentTimeMillis() > answered);
            }
            String othersSweep = node.post("/v1/ml/sweeps", sweep(otherData, 2, config(0.3, 16)), otherToken)
                    .json().path("sweep_id").asString();

            List<String> listed = new java.util.ArrayList<>();
            String cursor = null;
            do {
                RunningNode.Reply page = node.get("/v1/ml/sweeps?limit=2"
                        + (cursor == null ? "" : "&cursor=" + cursor), token);
                assertThat(page.status()).as(page.json().toString()).isEqualTo(200);
                for (tools.jackson.databind.JsonNode row : page.json().path("sweeps")) {
                    listed.add(row.path("sweep_id").asString());
                    assertThat(row.path("jobs_total").asInt()).isEqualTo(2);
                    assertThat(row.path("following").asBoolean()).as("no task has ended yet").isTrue();
                }
                cursor = page.json().path("next_cursor").isNull() ? null : page.json().path("next_cursor").asString();
            } while (cursor != null);
            assertThat(listed).as("the caller's own, newest first").containsExactlyElementsOf(posted.reversed());
            assertThat(node.get("/v1/ml/sweeps", otherToken).json().path("sweeps")).singleElement()
                    .satisfies(row -> assertThat(row.path("sweep_id").asString()).isEqualTo(othersSweep));

            RunningNode.Reply badCursor = node.get("/v1/ml/sweeps?cursor=yesterday", token);
            assertThat(badCursor.status()).isEqualTo(400);
            assertThat(badCursor.field()).isEqualTo("cursor");
            assertThat(node.get("/v1/ml/sweeps?limit=101", token).field()).isEqualTo("limit");
            assertThat(node.get("/v1/ml/sweeps").status()).as("signed-in callers only").isEqualTo(401);
        }
    }

    @Test
    void a_task_from_given_weights_is_trained_from_them_and_paid() throws Exception {
        try (RunningNode node = new RunningNode(dir, Map.of("genesis", client.did() + "=10000", "ml.audits", "3"),
                Clock.system())) {
            String token = node.signIn(client);
            Dataset[] split = org.pouw.ml.sweep.SweepPlan.split(DATA, 4, 0);
            String train = upload(node, "/v1/ml/datasets", DatasetCodec.encode(split[0]), token);
            String heldOut = upload(node, "/v1/ml/datasets", DatasetCodec.encode(split[1]), token);
            TrainingTask seeded = new TrainingTask(StackText.parse(ARCH), new Hyperparameters(
                    Loss.SOFTMAX_CROSS_ENTROPY, new SgdMomentum(0.05f, 0.9f), 8), split[0].root(), split[1].root(), 3,
                    12, TargetMetric.accuracyAtLeast(0.3), 300);
            TrainingState given = TrainingState.initial(seeded);
            Trainer pretraining = new Trainer(seeded, split[0], given, ThreadTeam.single());
            for (int s = 0; s < 8; s++) {
                pretraining.step();
            }
            byte[] start = TrainingState.startingWith(given.network(), seeded.hyperparameters().optimizer()).encode();
            RunningNode.Reply stored = node.send(HttpRequest.newBuilder(URI.create(node.base + "/v1/ml/initial-states"))
                    .header("Content-Type", "application/octet-stream").header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(start)));
            assertThat(stored.status()).isEqualTo(201);
            String init = stored.json().path("blob").asString();
            TrainingTask task = seeded.withInitialState(org.pouw.ml.wire.Bytes32.fromHex(
                    stored.json().path("state_hash").asString()));

            RunningNode.Reply missing = node.post("/v1/ml/tasks", taskRequest(task, train, heldOut, null), token);
            assertThat(missing.field()).isEqualTo("init_blob");
            // Another client who uploaded the same datasets still cannot name a start state it did not upload.
            String otherToken = node.signIn(other);
            upload(node, "/v1/ml/datasets", DatasetCodec.encode(split[0]), otherToken);
            upload(node, "/v1/ml/datasets", DatasetCodec.encode(split[1]), otherToken);
            RunningNode.Reply foreign = node.post("/v1/ml/tasks", taskRequest(task, train, heldOut, init), otherToken);
            assertThat(foreign.status()).isEqualTo(404);
            assertThat(foreign.field()).isEqualTo("init_blob");

            RunningNode.Reply created = node.post("/v1/ml/tasks", taskRequest(task, train, heldOut, init), token);
            assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
            assertThat(created.json().path("task_id").asString()).isEqualTo(task.id().hex());
            assertThat(created.json().path("params").path("init_blob").asString()).isEqualTo(init);
            Worker running = worker(node);
            Thread thread = running.start();
            await().atMost(Duration.ofSeconds(40)).until(() -> running.stats().completed() == 1);
            running.stop();
            thread.join(10_000);
            JsonNode shown = node.get("/v1/ml/tasks/" + created.json().path("intent_id").asString()).json();
            assertThat(shown.path("status").asString()).isEqualTo("proven");
        }
    }

    private static ObjectNode taskRequest(TrainingTask task, String train, String heldOut, String init) {
        ObjectNode body = RunningNode.JSON.createObjectNode()
                .put("task", java.util.Base64.getEncoder().encodeToString(task.encode()))
                .put("train_blob", train).put("held_out_blob", heldOut);
        return init == null ? body : body.put("init_blob", init);
    }

    static ObjectNode config(double learningRate, int batch) {
        return RunningNode.JSON.createObjectNode().put("learning_rate", learningRate).put("batch", batch);
    }

    static ObjectNode sweep(String dataset, int folds, ObjectNode... configurations) {
        ObjectNode body = RunningNode.JSON.createObjectNode();
        body.set("spec", RunningNode.JSON.createObjectNode().put("architecture", ARCH).put("optimizer", "sgd")
                .put("learning_rate", 0.05).put("batch", 8).put("seed", 3).put("steps", 12)
                .put("target_accuracy", 0.5).put("fee", 300));
        ArrayNode list = body.putArray("configurations");
        for (ObjectNode configuration : configurations) {
            list.add(configuration);
        }
        return body.put("folds", folds).put("dataset_blob", dataset);
    }

    static String upload(RunningNode node, String path, byte[] bytes, String token) {
        return node.send(HttpRequest.newBuilder(URI.create(node.base + path))
                .header("Content-Type", "application/octet-stream").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))).json().path("blob").asString();
    }

    private Worker worker(RunningNode node) {
        return worker(node, worker);
    }

    /** A real worker loop over HTTP training ml-train tasks as {@code key}, polling briskly. */
    static Worker worker(RunningNode node, Ed25519.KeyPair key) {
        WorkerOptions options = WorkerOptions.defaults(URI.create(node.base), key)
                .withRetry(Duration.ofMillis(20), Duration.ofMillis(200))
                .withIdlePolling(Duration.ofMillis(20), Duration.ofMillis(100));
        return new Worker(options, List.of(new MlTrainKind()), WorkerDisplay.NONE);
    }

    /** Three seeded Gaussian clusters in six features: data a small network separates in a few steps. */
    private static Dataset clusters(int records, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] x = new float[records][6];
        int[] y = new int[records];
        for (int i = 0; i < records; i++) {
            y[i] = i % 3;
            for (int j = 0; j < 6; j++) {
                x[i][j] = (float) (random.nextGaussian() * 0.5 + (j % 3 == y[i] ? 2.0 : 0.0));
            }
        }
        return Dataset.of(x, y, 3);
    }
}
