package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.Clock;
import org.pouw.core.work.WorkProver;
import org.pouw.crypto.Ed25519;
import org.pouw.kinds.mltrain.MlFixtures;
import org.pouw.kinds.mltrain.MlTrainKind;
import org.pouw.kinds.mltrain.SkippingMlProver;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.data.DatasetCodec;
import org.pouw.ml.model.ModelFile;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Evaluator;
import org.pouw.worker.Worker;
import org.pouw.worker.WorkerDisplay;
import org.pouw.worker.WorkerOptions;
import tools.jackson.databind.JsonNode;

/**
 * Issue 4: ml-train tasks over real HTTP — datasets uploaded, the task funded, a worker trains it through commit →
 * challenge → open, the node audits and pays, and the client follows the task and downloads the model.
 */
class MlTrainingOverHttpIT {
    private static final Dataset TRAIN = MlFixtures.clusters(96, 1);
    private static final Dataset HELD_OUT = MlFixtures.clusters(48, 2);

    @TempDir
    Path dir;

    final Ed25519.KeyPair client = Ed25519.KeyPair.generate();
    final Ed25519.KeyPair honest = Ed25519.KeyPair.generate();
    final Ed25519.KeyPair cheat = Ed25519.KeyPair.generate();

    RunningNode.Reply upload(RunningNode node, String path, byte[] bytes, String token) {
        return node.send(HttpRequest.newBuilder(URI.create(node.base + path))
                .header("Content-Type", "application/octet-stream").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    RunningNode.Reply getAuthorized(RunningNode node, String path, String token) {
        return node.send(HttpRequest.newBuilder(URI.create(node.base + path))
                .header("Authorization", "Bearer " + token).GET());
    }

    /** Uploads both datasets and posts the task; the reply of POST /v1/ml/tasks. */
    RunningNode.Reply submit(RunningNode node, String token, TrainingTask task) {
        String train = upload(node, "/v1/ml/datasets", DatasetCodec.encode(TRAIN), token).json().path("blob")
                .asString();
        String heldOut = upload(node, "/v1/ml/datasets", DatasetCodec.encode(HELD_OUT), token).json().path("blob")
                .asString();
        return node.post("/v1/ml/tasks", RunningNode.JSON.createObjectNode()
                .put("task", Base64.getEncoder().encodeToString(task.encode())).put("train_blob", train)
                .put("held_out_blob", heldOut), token);
    }

    Worker worker(RunningNode node, Ed25519.KeyPair key, WorkProver prover) {
        WorkerOptions options = WorkerOptions.defaults(URI.create(node.base), key)
                .withRetry(Duration.ofMillis(20), Duration.ofMillis(200))
                .withIdlePolling(Duration.ofMillis(20), Duration.ofMillis(100));
        return new Worker(options, List.of(prover), WorkerDisplay.NONE);
    }

    @Test
    void a_worker_that_trains_honestly_is_paid_and_the_client_gets_the_verified_model() throws Exception {
        try (RunningNode node = new RunningNode(dir, Map.of("genesis", client.did() + "=10000", "ml.audits", "6"),
                Clock.system())) {
            String token = node.signIn(client);
            RunningNode.Reply dataset = upload(node, "/v1/ml/datasets", DatasetCodec.encode(TRAIN), token);
            assertThat(dataset.status()).isEqualTo(201);
            assertThat(dataset.json().path("root").asString()).isEqualTo(TRAIN.root().hex());
            assertThat(dataset.json().path("records").asInt()).isEqualTo(96);

            TrainingTask task = MlFixtures.task(TRAIN, HELD_OUT, 80, TargetMetric.accuracyAtLeast(0.6), 1_000);
            RunningNode.Reply created = submit(node, token, task);
            assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
            String intentId = created.json().path("intent_id").asString();
            assertThat(created.json().path("task_id").asString()).isEqualTo(task.id().hex());
            assertThat(created.json().path("params").path("audits").asInt()).isEqualTo(6);
            assertThat(node.get("/v1/ledger/accounts/" + client.did()).json().path("balance").asLong())
                    .isEqualTo(9_000);

            Worker worker = worker(node, honest, new MlTrainKind());
            Thread running = worker.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> worker.stats().completed() == 1);
            worker.stop();
            running.join(10_000);

            JsonNode shown = node.get("/v1/ml/tasks/" + intentId).json();
            assertThat(shown.path("status").asString()).isEqualTo("proven");
            assertThat(shown.path("trained_by").asString()).isEqualTo(honest.did().toString());
            JsonNode quality = shown.path("quality");
            assertThat(quality.path("target_met").asBoolean()).isTrue();
            assertThat(quality.path("audited_steps").asInt()).isEqualTo(6);
            assertThat(node.get("/v1/ledger/accounts/" + honest.did()).json().path("balance").asLong())
                    .isEqualTo(900);

            RunningNode.Reply model = getAuthorized(node, "/v1/ml/tasks/" + intentId + "/model", token);
            assertThat(model.status()).isEqualTo(200);
            ModelFile.Model decoded = ModelFile.decode(model.bytes());
            assertThat(decoded.architecture()).isEqualTo(task.architecture());
            double accuracy = Evaluator.evaluate(decoded.network(), HELD_OUT, task.hyperparameters().loss(),
                    ThreadTeam.single()).accuracy();
            assertThat(accuracy).isEqualTo(quality.path("accuracy").asDouble());

            // The opening rebuilds the paid-for model: only the client and the prover who earned it read it.
            String jobId = shown.path("job").path("job_id").asString();
            String proofRef = node.get("/v1/pouw/jobs/" + jobId).json().path("proof_ref").asString();
            String blob = "/v1/pouw/blobs/" + proofRef + "?job_id=" + jobId;
            assertThat(getAuthorized(node, blob, token).status()).isEqualTo(200);
            assertThat(getAuthorized(node, blob, node.signIn(honest)).status()).isEqualTo(200);
            assertThat(getAuthorized(node, blob, node.signIn(cheat)).status()).isEqualTo(404);

            assertThat(shown.path("job").path("committed").asBoolean()).isTrue();
            // The worker reported its training as it went (issue 29): at least its first step, before its
            // commitment; and the completion says how long the node took to verify the opening.
            long last = node.get("/v1/pouw/system/status").json().path("last_event_seq").asLong();
            List<JsonNode> events = new String(node.get("/v1/pouw/events?limit=" + last).bytes(),
                    StandardCharsets.UTF_8).lines().filter(line -> line.startsWith("data:"))
                    .map(line -> RunningNode.JSON.readTree(line.substring("data:".length()).strip())).toList();
            assertThat(events.stream().map(event -> event.path("type").asString()).toList())
                    .containsSubsequence("job.claimed", "ml.task.progress", "job.committed", "job.completed");
            JsonNode progress = events.stream().filter(e -> e.path("type").asString().equals("ml.task.progress"))
                    .findFirst().orElseThrow();
            assertThat(progress.path("job_id").asString()).isEqualTo(jobId);
            assertThat(progress.path("intent_id").asString()).isEqualTo(intentId);
            assertThat(progress.path("data").path("prover_id").asString()).isEqualTo(honest.did().toString());
            assertThat(progress.path("data").path("step").asLong()).isBetween(1L, 80L);
            assertThat(progress.path("data").path("loss").asDouble()).isPositive();
            JsonNode completed = events.stream().filter(e -> e.path("type").asString().equals("job.completed"))
                    .findFirst().orElseThrow();
            assertThat(completed.path("data").path("verify_ms").isIntegralNumber()).isTrue();
            assertThat(completed.path("data").path("verify_ms").asLong()).isNotNegative();
        }
    }

    @Test
    void a_worker_that_skips_a_step_is_caught_by_the_audit_and_earns_nothing() throws Exception {
        // Every step audited, so the single skipped step is found for sure; docs/ml.md has the odds for fewer.
        try (RunningNode node = new RunningNode(dir, Map.of("genesis", client.did() + "=10000", "ml.audits", "40",
                "market.max_retries", "1"), Clock.system())) {
            String token = node.signIn(client);
            TrainingTask task = MlFixtures.task(TRAIN, HELD_OUT, 40, TargetMetric.accuracyAtLeast(0.5), 1_000);
            String intentId = submit(node, token, task).json().path("intent_id").asString();

            Worker worker = worker(node, cheat, new SkippingMlProver(Set.of(23L)));
            Thread running = worker.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> worker.stats().rejected() == 1);
            worker.stop();
            running.join(10_000);

            JsonNode job = node.get("/v1/ml/tasks/" + intentId).json().path("job");
            assertThat(job.path("status").asString()).isEqualTo("dead_letter");
            assertThat(job.path("last_error").asString()).contains("replay_mismatch at step 23");
            assertThat(node.get("/v1/ledger/accounts/" + cheat.did()).json().path("balance").asLong()).isZero();
        }
    }

    /**
     * Issue 27's fourth defect: a task could name any stored dataset by its hash, so whoever learnt a victim's dataset
     * hash could post a task on it and read the data back as the identity that posted the work. A dataset the caller
     * did not upload now answers 404 naming the field, as one that does not exist, and nothing changes; uploading the
     * same bytes makes the caller an owner too (blobs are content-addressed: it had the data already).
     */
    @Test
    void a_leased_worker_reads_the_task_and_training_set_but_never_the_held_out_set() {
        try (RunningNode node = new RunningNode(dir, Map.of("genesis", client.did() + "=10000"), Clock.system())) {
            String token = node.signIn(client);
            TrainingTask task = MlFixtures.task(TRAIN, HELD_OUT, 40, TargetMetric.accuracyAtLeast(0.6), 1_000);
            JsonNode created = submit(node, token, task).json();
            String jobId = created.path("job_id").asString();
            String train = created.path("params").path("train_blob").asString();
            String heldOut = created.path("params").path("held_out_blob").asString();
            String taskRef = node.get("/v1/pouw/jobs/" + jobId).json().path("trace_ref").asString();

            String workerToken = node.signIn(honest);
            String strangerToken = node.signIn(cheat);
            assertThat(getAuthorized(node, "/v1/pouw/blobs/" + train + "?job_id=" + jobId, workerToken).status())
                    .as("no lease yet").isEqualTo(404);
            RunningNode.Reply claimed = node.post("/v1/pouw/jobs/claim", "{\"kinds\":[\"ml-train\"]}",
                    workerToken);
            assertThat(claimed.json().path("jobs").path(0).path("job_id").asString()).isEqualTo(jobId);

            for (String key : List.of(taskRef, train)) {
                String path = "/v1/pouw/blobs/" + key + "?job_id=" + jobId;
                assertThat(getAuthorized(node, path, workerToken).status()).isEqualTo(200);
                assertThat(getAuthorized(node, path, strangerToken).status()).isEqualTo(404);
            }
            assertThat(getAuthorized(node, "/v1/pouw/blobs/" + heldOut + "?job_id=" + jobId, workerToken).status())
                    .as("the held-out set scores the model; the worker never sees it").isEqualTo(404);
            assertThat(getAuthorized(node, "/v1/pouw/blobs/" + heldOut, workerToken).status()).isEqualTo(404);
            // The client uploaded both datasets and reads them as their owner.
            assertThat(getAuthorized(node, "/v1/pouw/blobs/" + heldOut, token).status()).isEqualTo(200);
            assertThat(getAuthorized(node, "/v1/pouw/blobs/" + train, token).status()).isEqualTo(200);
        }
    }

    @Test
    void a_task_names_only_datasets_its_requester_uploaded() {
        Ed25519.KeyPair mallory = Ed25519.KeyPair.generate();
        try (RunningNode node = new RunningNode(dir, Map.of("genesis", client.did() + "=500," + mallory.did() + "=500"),
                Clock.system())) {
            String victim = node.signIn(client);
            String train = upload(node, "/v1/ml/datasets", DatasetCodec.encode(TRAIN), victim).json().path("blob")
                    .asString();
            String heldOut = upload(node, "/v1/ml/datasets", DatasetCodec.encode(HELD_OUT), victim).json()
                    .path("blob").asString();
            String encoded = Base64.getEncoder().encodeToString(
                    MlFixtures.task(TRAIN, HELD_OUT, 50, TargetMetric.accuracyAtLeast(0.5), 100).encode());

            String attacker = node.signIn(mallory);
            RunningNode.Reply stolen = post(node, attacker, encoded, train, heldOut);
            assertThat(stolen.status()).isEqualTo(404);
            assertThat(stolen.field()).isEqualTo("train_blob");
            String ownTrain = upload(node, "/v1/ml/datasets", DatasetCodec.encode(TRAIN), attacker).json()
                    .path("blob").asString();
            RunningNode.Reply half = post(node, attacker, encoded, ownTrain, heldOut);
            assertThat(half.status()).isEqualTo(404);
            assertThat(half.field()).as("the held-out set is still the victim's alone").isEqualTo("held_out_blob");
            assertThat(node.get("/v1/pouw/jobs?kind=ml-train").json().path("jobs").size()).isZero();
            assertThat(node.get("/v1/ledger/accounts/" + mallory.did()).json().path("balance").asLong())
                    .isEqualTo(500);

            upload(node, "/v1/ml/datasets", DatasetCodec.encode(HELD_OUT), attacker);
            assertThat(post(node, attacker, encoded, ownTrain, heldOut).status())
                    .as("with both uploaded by the caller").isEqualTo(201);
            assertThat(post(node, victim, encoded, train, heldOut).status()).as("the victim, as before")
                    .isEqualTo(201);
        }
    }

    @Test
    void bad_ml_requests_name_the_field_and_change_nothing() {
        try (RunningNode node = new RunningNode(dir, Map.of("genesis", client.did() + "=500", "ml.max_steps", "100"),
                Clock.system())) {
            String token = node.signIn(client);
            assertThat(upload(node, "/v1/ml/datasets", new byte[] {1, 2, 3}, token).field()).isEqualTo("dataset");
            assertThat(node.post("/v1/ml/datasets", "{}", token).field()).isEqualTo("dataset");

            String train = upload(node, "/v1/ml/datasets", DatasetCodec.encode(TRAIN), token).json().path("blob")
                    .asString();
            String heldOut = upload(node, "/v1/ml/datasets", DatasetCodec.encode(HELD_OUT), token).json()
                    .path("blob").asString();
            TrainingTask task = MlFixtures.task(TRAIN, HELD_OUT, 50, TargetMetric.accuracyAtLeast(0.5), 100);
            String encoded = Base64.getEncoder().encodeToString(task.encode());

            assertThat(post(node, token, "AAAA", train, heldOut).field()).isEqualTo("task");
            assertThat(post(node, token, encoded, heldOut, heldOut).field()).isEqualTo("train_blob");
            assertThat(post(node, token, encoded, train, train).field()).isEqualTo("held_out_blob");
            assertThat(post(node, token, encoded, train, "f".repeat(64)).field()).isEqualTo("held_out_blob");
            TrainingTask tooLong = MlFixtures.task(TRAIN, HELD_OUT, 101, TargetMetric.accuracyAtLeast(0.5), 100);
            assertThat(post(node, token, Base64.getEncoder().encodeToString(tooLong.encode()), train, heldOut)
                    .field()).isEqualTo("task");
            TrainingTask tooDear = MlFixtures.task(TRAIN, HELD_OUT, 50, TargetMetric.accuracyAtLeast(0.5), 501);
            assertThat(post(node, token, Base64.getEncoder().encodeToString(tooDear.encode()), train, heldOut)
                    .status()).isEqualTo(402);
            assertThat(node.get("/v1/pouw/jobs?kind=ml-train").json().path("jobs").size()).isZero();
            assertThat(node.get("/v1/ledger/accounts/" + client.did()).json().path("balance").asLong())
                    .isEqualTo(500);
            assertThat(node.get("/v1/ml/tasks/nope").status()).isEqualTo(404);

            RunningNode.Reply created = post(node, token, encoded, train, heldOut);
            assertThat(created.status()).isEqualTo(201);
            String intentId = created.json().path("intent_id").asString();
            assertThat(getAuthorized(node, "/v1/ml/tasks/" + intentId + "/model", token).status()).isEqualTo(409);
        }
    }

    @Test
    void a_node_without_a_queue_trains_the_task_itself_before_answering() {
        try (RunningNode node = new RunningNode(dir, Map.of("pouw_mode", "disabled", "genesis",
                client.did() + "=10000"), Clock.system())) {
            String token = node.signIn(client);
            TrainingTask task = MlFixtures.task(TRAIN, HELD_OUT, 30, new TargetMetric(TargetMetric.Metric.LOSS, 0),
                    1_000);
            RunningNode.Reply created = submit(node, token, task);
            assertThat(created.json().path("status").asString()).isEqualTo("proven");
            JsonNode shown = node.get("/v1/ml/tasks/" + created.json().path("intent_id").asString()).json();
            assertThat(shown.path("quality").path("target_met").asBoolean()).isFalse();
            // Target missed: half the 900 reward is paid (ml.missed_target_reward_percent = 50), half refunded.
            assertThat(node.get("/v1/ledger/accounts/" + client.did()).json().path("balance").asLong())
                    .isEqualTo(10_000 - 1_000 + 450);
        }
    }

    @Test
    void the_nodes_own_pool_trains_a_task_longer_than_its_lease_by_renewing_it() {
        // One-second leases and no reaper: a pool that did not renew would find its lease gone at submit time. The
        // pool renews every third of a lease, so a renewal may come up to two thirds of a lease late (a loaded CI
        // machine stalls threads for hundreds of milliseconds; with 200 ms leases one lapsed and the job was stuck),
        // and the task is long enough to outlive several leases on a fast idle machine (asserted below): 50,000 steps
        // took 633 ms on the CI machine, 400,000 take about 8 s here.
        try (RunningNode node = new RunningNode(dir, Map.of("pouw_mode", "local", "workers.local_workers", "1",
                "market.lease_ms", "1000", "ml.max_steps", "400000", "genesis", client.did() + "=10000"),
                Clock.system())) {
            String token = node.signIn(client);
            TrainingTask task = MlFixtures.task(TRAIN, HELD_OUT, 400_000, TargetMetric.accuracyAtLeast(0.6), 1_000);
            String intentId = submit(node, token, task).json().path("intent_id").asString();

            try {
                await().atMost(Duration.ofSeconds(240)).until(() -> node.get("/v1/ml/tasks/" + intentId).json()
                        .path("status").asString().equals("proven"));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("the task was not proven in time: " + node.get("/v1/ml/tasks/" + intentId)
                        .json() + "\nits events: " + node.get("/v1/pouw/events?limit=50").json(), e);
            }
            JsonNode job = node.get("/v1/ml/tasks/" + intentId).json().path("job");
            assertThat(job.path("attempts").asInt()).isEqualTo(1);
            assertThat(job.path("time_to_proof_ms").asLong()).as("the work outlived its lease").isGreaterThan(1_000);
            assertThat(job.path("result").path("target_met").asBoolean()).isTrue();
        }
    }

    private static RunningNode.Reply post(RunningNode node, String token, String task, String train, String heldOut) {
        return node.post("/v1/ml/tasks", RunningNode.JSON.createObjectNode().put("task", task)
                .put("train_blob", train).put("held_out_blob", heldOut), token);
    }
}
