package org.pouw.cli.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pouw.client.EventFollower;
import org.pouw.client.PouwClient;
import org.pouw.client.jobs.BatchSubmission;
import org.pouw.client.jobs.JobHistory;
import org.pouw.client.jobs.LeasedJob;
import org.pouw.client.ml.MlSweep;
import org.pouw.client.ml.MlSweepList;
import org.pouw.core.Clock;
import org.pouw.core.work.ChallengeChannel;
import org.pouw.core.work.ProgressListener;
import org.pouw.crypto.Ed25519;
import org.pouw.kinds.mltrain.MlTrainKind;
import org.pouw.kinds.reexec.ReexecKind;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.data.DatasetCodec;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.vm.Samples;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The commit-then-halt hook ({@link HaltAfterCommit}, {@link CommitThenHaltFailoverIT}) on the write routes that
 * class leaves out: an ML training task ({@code POST /v1/ml/tasks}), an ml-train job's commitment
 * ({@code POST /v1/pouw/jobs/{id}/commit}), a batch of proofs ({@code POST /v1/pouw/jobs/submit-batch}), an ML sweep
 * ({@code POST /v1/ml/sweeps}) and its cancel ({@code POST /v1/ml/sweeps/{id}/cancel}). One {@code pouw node start}
 * process halts right after the route's commit and before its answer, once on SQLite and once on PostgreSQL
 * ({@link CommitThenHaltStore}); the client's call is in doubt, the
 * process exits with the hook's status, and the node is started again. Then:
 * <ul>
 *   <li>the ML task sent again with its {@code Idempotency-Key}: 200 (a replay, not 201) naming one intent, and every
 *       ml-train job the node holds is that intent's;</li>
 *   <li>the commitment sent again with its lease token: the challenge the lost answer held (the same one twice
 *       over), the job leased once with one attempt; trained again and opened at that challenge, the job is completed
 *       and paid once;</li>
 *   <li>the batch sent again: no answer left in doubt, each job of it completed with one attempt and one reward, and
 *       the prover's balance is the sum of those rewards once;</li>
 *   <li>the sweep, which has no idempotency key, not sent again: its requester finds it by its
 *       {@code ml.sweep.posted} event and reads it back posted whole (every task, every fee reserved once);</li>
 *   <li>the cancel sent again: 409 (nothing left to cancel), and the requester's balance is back where it was before
 *       the sweep — every fee refunded once.</li>
 * </ul>
 * Then {@code pouw ledger verify} passes. Reported ({@code FAILOVER} line): each route's in-doubt outcome and retry.
 */
// Six node JVMs one after another: the budget allows for a loaded machine, as CommitThenHaltFailoverIT's does.
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class CommitThenHaltBatchAndMlFailoverIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int FEATURES = 6;
    private static final int CLASSES = 3;
    private static final int SWEEP_FEE = 300;

    @TempDir
    Path dir;

    private final Ed25519.KeyPair payer = Ed25519.KeyPair.generate();
    private final Ed25519.KeyPair prover = Ed25519.KeyPair.generate();
    private final Ed25519.KeyPair trainer = Ed25519.KeyPair.generate();
    private final List<String> report = new ArrayList<>();

    @ParameterizedTest
    @EnumSource(CommitThenHaltStore.Backend.class)
    void mlTasksCommitmentsProofBatchesAndSweepsHaltedAfterTheirCommitAreAppliedOnceWhenSettled(
            CommitThenHaltStore.Backend backend) throws Exception {
        try (CommitThenHaltStore store = CommitThenHaltStore.open(backend, "commit-then-halt, batch and ML", dir)) {
            store.haltEachRoute(Map.of("genesis", payer.did() + "=10000000"), "POST /v1/ml/tasks",
                    List.of(this::mlTasks, this::mlCommitments, this::batches, this::sweeps));
        }
        System.out.println("FAILOVER commit-then-halt, batch and ML, " + backend + ": " + String.join("; ", report)
                + "; pouw ledger verify passed");
    }

    private ScenarioNode mlTasks(ScenarioNode node) throws Exception {
        Dataset train = dataset(96, 1);
        Dataset heldOut = dataset(48, 2);
        String token;
        try (PouwClient client = client(node, payer)) {
            token = client.auth().signIn().token();
        }
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + token);
        ScenarioNode.Reply trainBlob = node.postBytes("/v1/ml/datasets", DatasetCodec.encode(train), false, bearer);
        ScenarioNode.Reply heldOutBlob = node.postBytes("/v1/ml/datasets", DatasetCodec.encode(heldOut), false,
                bearer);
        assertThat(List.of(trainBlob.status(), heldOutBlob.status())).as(trainBlob.body() + heldOutBlob.body())
                .containsOnly(201);
        TrainingTask task = new TrainingTask(new MlpArchitecture(FEATURES, List.of(12), Activation.RELU, 0f, CLASSES),
                new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, new SgdMomentum(0.1f, 0.9f), 8), train.root(),
                heldOut.root(), 42, 80, TargetMetric.accuracyAtLeast(0.6), 1_000);
        String body = JSON.createObjectNode().put("task", Base64.getEncoder().encodeToString(task.encode()))
                .put("train_blob", JSON.readTree(trainBlob.body()).path("blob").asString())
                .put("held_out_blob", JSON.readTree(heldOutBlob.body()).path("blob").asString()).toString();
        CallOutcome first = CallOutcome.ofPost(() -> node.post("/v1/ml/tasks", body,
                Map.of("Authorization", "Bearer " + token, "Idempotency-Key", "halted-ml-task")));
        ScenarioNode next = CommitThenHaltFailoverIT.halted(node, first, "POST /v1/pouw/jobs/{id}/commit");
        String again;
        try (PouwClient client = client(next, payer)) {
            again = client.auth().signIn().token();
        }
        ScenarioNode.Reply retry = next.post("/v1/ml/tasks", body,
                Map.of("Authorization", "Bearer " + again, "Idempotency-Key", "halted-ml-task"));
        assertThat(retry.status()).as("the ML task sent again with its key is a replay: " + retry.body())
                .isEqualTo(200);
        String intentId = JSON.readTree(retry.body()).path("intent_id").asString();
        JsonNode jobs = JSON.readTree(next.get("/v1/pouw/jobs?limit=500").body()).path("jobs");
        assertThat(jobs.isEmpty()).as("the ML task's jobs").isFalse();
        for (JsonNode job : jobs) {
            assertThat(job.path("intent_id").asString()).as("every job is the one ML task's").isEqualTo(intentId);
        }
        report.add("ML task in doubt, sent again with its key: one task (" + jobs.size() + " job)");
        return next;
    }

    private ScenarioNode mlCommitments(ScenarioNode node) throws Exception {
        LeasedJob job;
        AtomicReference<byte[]> commitment = new AtomicReference<>();
        AtomicReference<CallOutcome> first = new AtomicReference<>();
        try (PouwClient client = client(node, trainer)) {
            client.auth().signIn(); // signed in before the armed call, so the halt is the commitment's own
            List<LeasedJob> held = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                held.addAll(client.jobs().claim(List.of(MlTrainKind.NAME), List.of(), 1, 120_000));
                return !held.isEmpty();
            });
            job = held.getFirst();
            String jobId = job.job().jobId();
            // The trainer hands its commitment to the channel and waits for the challenge; the armed call halts the
            // node after storing the commitment and its challenge, so training stops there, its answer lost.
            assertThatThrownBy(() -> new MlTrainKind().prove(
                    job.job().toWorkItem(key -> client.jobs().blob(key, jobId)), ProgressListener.NONE, sent -> {
                        commitment.set(sent);
                        first.set(CallOutcome.of(() -> client.jobs().commit(jobId, job.lease().token(), sent)));
                        throw new IllegalStateException("the commitment's answer was lost");
                    })).hasStackTraceContaining("the commitment's answer was lost");
        }
        ScenarioNode next = CommitThenHaltFailoverIT.halted(node, first.get(), "POST /v1/pouw/jobs/submit-batch");
        String jobId = job.job().jobId();
        try (PouwClient client = client(next, trainer)) {
            byte[] challenge = client.jobs().commit(jobId, job.lease().token(), commitment.get());
            assertThat(client.jobs().commit(jobId, job.lease().token(), commitment.get()))
                    .as("the commitment sent again keeps its challenge").isEqualTo(challenge);
            assertThat(client.jobs().history(jobId).attempts()).as("one attempt: leased once").hasSize(1);
            // Training is deterministic: the same commitment again, answered by the stored challenge, then opened.
            byte[] proof = new MlTrainKind().prove(job.job().toWorkItem(key -> client.jobs().blob(key, jobId)),
                    ProgressListener.NONE, sent -> client.jobs().commit(jobId, job.lease().token(), sent));
            assertThat(client.jobs().submit(jobId, job.lease().token(), proof).accepted()).as("the opening")
                    .isTrue();
            JobHistory history = client.jobs().history(jobId);
            assertThat(history.status()).isEqualTo("completed");
            assertThat(history.attempts()).as("one attempt").hasSize(1);
            long reward = history.rewardPaidTo(trainer.did().toString()).orElseThrow();
            assertThat(client.ledger().account(trainer.did().toString(), 0).balance())
                    .as("the trainer paid once").isEqualTo(reward);
        }
        report.add("ml-train commitment in doubt, sent again with its lease token: the stored challenge, one"
                + " attempt; opened at it: completed, paid once");
        return next;
    }

    private ScenarioNode batches(ScenarioNode node) throws Exception {
        // Two intents, so two jobs are open at once whatever an intent's segments wait on.
        try (PouwClient client = client(node, payer)) {
            String token = client.auth().signIn().token();
            for (int input : new int[] {12, 13}) {
                ObjectNode intent = JSON.createObjectNode().put("program", Samples.source("fibonacci"));
                intent.putArray("inputs").add(input);
                intent.put("max_steps", 1_000).put("tier", "macro").put("fee", 100);
                ScenarioNode.Reply posted = node.post("/v1/intents", intent.toString(),
                        Map.of("Authorization", "Bearer " + token));
                assertThat(posted.status()).as(posted.body()).isEqualTo(201);
            }
        }
        List<BatchSubmission> batch = new ArrayList<>();
        CallOutcome first;
        try (PouwClient client = client(node, prover)) {
            client.auth().signIn(); // signed in before the armed call, so the halt is the batch's own
            List<LeasedJob> held = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                held.addAll(client.jobs().claim(List.of(ReexecKind.NAME), List.of(), 2 - held.size(), 60_000));
                return held.size() == 2;
            });
            for (LeasedJob job : held) {
                String jobId = job.job().jobId();
                byte[] proof = new ReexecKind().prove(job.job().toWorkItem(key -> client.jobs().blob(key, jobId)),
                        ProgressListener.NONE, ChallengeChannel.NONE);
                batch.add(new BatchSubmission(jobId, job.lease().token(), proof));
            }
            first = CallOutcome.of(() -> client.jobs().submitBatch(batch));
        }
        ScenarioNode next = CommitThenHaltFailoverIT.halted(node, first, "POST /v1/ml/sweeps");
        try (PouwClient client = client(next, prover)) {
            CallOutcome retry = CallOutcome.of(() -> client.jobs().submitBatch(batch));
            // Either answer per proof is right (a replayed acceptance, or lease_lost because the lease ended in the
            // payment); what may not happen is a second payment, or an answer that leaves the retry in doubt again.
            assertThat(retry.kind()).as("the batch sent again: " + retry).isNotEqualTo(CallOutcome.Kind.IN_DOUBT);
            long rewards = 0;
            for (BatchSubmission submission : batch) {
                JobHistory history = client.jobs().history(submission.jobId());
                assertThat(history.status()).as(submission.jobId()).isEqualTo("completed");
                assertThat(history.attempts()).as("one attempt").hasSize(1);
                rewards += history.rewardPaidTo(prover.did().toString()).orElseThrow();
            }
            assertThat(client.ledger().account(prover.did().toString(), 0).balance())
                    .as("the prover paid for each proof once").isEqualTo(rewards);
            report.add("batch of " + batch.size() + " proofs in doubt, sent again (" + retry.status() + "): each"
                    + " job completed once, paid once");
        }
        return next;
    }

    private ScenarioNode sweeps(ScenarioNode node) throws Exception {
        String token;
        long before;
        try (PouwClient client = client(node, payer)) {
            token = client.auth().signIn().token();
            before = client.ledger().account(payer.did().toString(), 0).balance();
        }
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + token);
        ScenarioNode.Reply data = node.postBytes("/v1/ml/datasets", DatasetCodec.encode(dataset(60, 3)), false,
                bearer);
        assertThat(data.status()).as(data.body()).isEqualTo(201);
        ObjectNode body = JSON.createObjectNode();
        body.set("spec", JSON.createObjectNode().put("architecture", "stack:1x1x" + FEATURES + ":dense8,relu,dense"
                + CLASSES).put("optimizer", "sgd").put("learning_rate", 0.05).put("batch", 8).put("seed", 3)
                .put("steps", 12).put("target_accuracy", 0.5).put("fee", SWEEP_FEE));
        body.putArray("configurations").add(JSON.createObjectNode().put("learning_rate", 0.05))
                .add(JSON.createObjectNode().put("learning_rate", 0.1));
        body.put("folds", 2).put("dataset_blob", JSON.readTree(data.body()).path("blob").asString());
        CallOutcome first = CallOutcome.ofPost(() -> node.post("/v1/ml/sweeps", body.toString(), bearer));
        ScenarioNode next = CommitThenHaltFailoverIT.halted(node, first, "POST /v1/ml/sweeps/{id}/cancel");
        // A sweep has no idempotency key, so it is not sent again: its requester finds it in its own list (the only
        // sweep there) and in the ml.sweep.posted event, and reads it back — to anyone else the id would be 404.
        String sweepId = postedSweep(next);
        CallOutcome cancel;
        try (PouwClient client = client(next, payer)) {
            assertThat(client.ml().mySweeps(20, null).sweeps()).extracting(MlSweepList.Row::sweepId)
                    .as("the requester's own sweeps").containsExactly(sweepId);
            MlSweep sweep = client.ml().sweep(sweepId);
            assertThat(sweep.jobsTotal()).as("the sweep posted whole: 2 configurations x 2 folds").isEqualTo(4);
            assertThat(before - client.ledger().account(payer.did().toString(), 0).balance())
                    .as("every task's fee reserved once").isEqualTo(4L * SWEEP_FEE);
            cancel = CallOutcome.of(() -> client.ml().cancelSweep(sweepId));
        }
        // Armed for a route this test never calls: the node runs on to the end.
        ScenarioNode last = CommitThenHaltFailoverIT.halted(next, cancel, "POST /v1/none");
        try (PouwClient client = client(last, payer)) {
            CallOutcome again = CallOutcome.of(() -> client.ml().cancelSweep(sweepId));
            assertThat(again.status()).as("the cancel sent again: nothing left to cancel, " + again).isEqualTo(409);
            assertThat(client.ml().sweep(sweepId).status()).isEqualTo("cancelled");
            assertThat(client.ledger().account(payer.did().toString(), 0).balance())
                    .as("every fee refunded once").isEqualTo(before);
        }
        report.add("sweep in doubt, found in the requester's list and by its ml.sweep.posted event: posted whole,"
                + " fees reserved once; cancel in doubt, sent again: 409, every fee refunded once");
        return last;
    }

    /** The sweep id of the first {@code ml.sweep.posted} event in the node's log. */
    private String postedSweep(ScenarioNode node) throws Exception {
        AtomicReference<String> found = new AtomicReference<>();
        try (PouwClient client = client(node, payer); EventFollower follower = client.events().follower(0)) {
            Thread reader = Thread.ofVirtual().start(() -> follower.follow(event -> {
                if (event.type().equals("ml.sweep.posted")) {
                    found.compareAndSet(null, event.data().path("sweep_id").asString());
                }
            }));
            await().atMost(Duration.ofSeconds(60)).until(() -> found.get() != null);
            follower.close();
            reader.join(Duration.ofSeconds(10));
        }
        return found.get();
    }

    /** Points of {@link #CLASSES} classes, each around its own centre, so the tiny model can learn them. */
    private static Dataset dataset(int records, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] features = new float[records][FEATURES];
        int[] labels = new int[records];
        for (int i = 0; i < records; i++) {
            labels[i] = i % CLASSES;
            for (int j = 0; j < FEATURES; j++) {
                features[i][j] = (j % CLASSES == labels[i] ? 2f : 0f) + (float) (random.nextDouble() * 0.4 - 0.2);
            }
        }
        return Dataset.of(features, labels, CLASSES);
    }

    private static PouwClient client(ScenarioNode node, Ed25519.KeyPair key) {
        return new PouwClient(URI.create(node.url()), key, Duration.ofSeconds(30), Clock.system());
    }
}
