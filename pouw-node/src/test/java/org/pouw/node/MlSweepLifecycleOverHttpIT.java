package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.client.EventFollower;
import org.pouw.client.NodeException;
import org.pouw.client.PouwClient;
import org.pouw.client.events.NodeEvent;
import org.pouw.core.Clock;
import org.pouw.core.event.Event;
import org.pouw.core.ledger.LedgerAudit;
import org.pouw.core.port.StoreTx;
import org.pouw.core.port.SweepStore;
import org.pouw.crypto.Ed25519;
import org.pouw.kinds.mltrain.MlTrainIntents;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.data.DatasetCodec;
import org.pouw.ml.model.StackText;
import org.pouw.ml.sweep.RandomSearch;
import org.pouw.ml.sweep.SweepPlan;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.wire.Bytes32;
import org.pouw.store.jdbc.BlobTable;
import org.pouw.worker.Worker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 28 §3 over real HTTP, after posting: a seeded random search on a hold-out split whose drawn configurations
 * are the library's draw, followed to its end and to the final retrain of its best configuration on all the data
 * (trained, audited, paid); a cancel that refunds what nobody claimed while the claimed task finishes and is paid,
 * refused to another key and refused the second time; the sweep's events on the log; a sweep over the node's step
 * limit refused before anything is stored; a final retrain asked for after posting and refused (no funds for its fee:
 * 402; a cancelled sweep has no best configuration: 409), changing nothing. The ledger verifies after each; the
 * cancel's events are read back over the SSE stream with the typed client, which also makes the second cancel.
 */
class MlSweepLifecycleOverHttpIT {
    @TempDir
    Path dir;

    final Ed25519.KeyPair client = Ed25519.KeyPair.generate();
    final Ed25519.KeyPair other = Ed25519.KeyPair.generate();
    final Ed25519.KeyPair worker = Ed25519.KeyPair.generate();

    @Test
    void a_seeded_random_search_is_drawn_as_the_library_draws_it_and_its_best_configuration_is_retrained_on_all_data()
            throws Exception {
        try (RunningNode node = new RunningNode(dir, Map.of("genesis", client.did() + "=10000", "ml.audits", "3"),
                Clock.system())) {
            String token = node.signIn(client);
            String data = upload(node, token);
            ObjectNode request = MlSweepsOverHttpIT.sweep(data, 1).put("hold_out_every", 4); // a hold-out split
            request.remove("configurations");
            ObjectNode search = request.putObject("search").put("seed", 11).put("count", 3);
            ObjectNode space = search.putObject("space");
            space.putObject("learning_rate").put("min", 0.02).put("max", 0.2).put("scale", "log");
            space.putObject("batch").putArray("choices").add(8).add(16);
            request.put("final_retrain", true);

            RunningNode.Reply created = node.post("/v1/ml/sweeps", request, token);

            assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
            String id = created.json().path("sweep_id").asString();
            List<Map<String, Number>> expected = RandomSearch.draw(List.of(
                    new RandomSearch.FloatRange("learning_rate", 0.02, 0.2, true),
                    new RandomSearch.Choices("batch", List.of(8L, 16L))), 3, 11);
            JsonNode rows = created.json().path("configurations");
            assertThat(rows.size()).isEqualTo(3);
            for (int c = 0; c < 3; c++) {
                JsonNode settings = rows.get(c).path("settings");
                assertThat(settings.path("learning_rate").floatValue()).as("configuration " + c)
                        .isEqualTo(expected.get(c).get("learning_rate").floatValue());
                assertThat(settings.path("batch").asLong()).isEqualTo(expected.get(c).get("batch").longValue());
            }
            assertThat(created.json().path("search").path("seed").asLong()).isEqualTo(11);
            assertThat(created.json().path("final").path("status").asString()).isEqualTo("waiting");
            assertThat(node.get("/v1/ledger/accounts/" + client.did()).json().path("balance").asLong())
                    .as("the tasks' fees reserved; the final's at its posting").isEqualTo(10_000 - 3 * 300);
            assertThat(created.json().path("jobs_total").asInt()).isEqualTo(3);
            assertThat(created.json().path("hold_out_every").asInt()).isEqualTo(4);

            Worker running = worker(node);
            Thread thread = running.start();
            await().atMost(Duration.ofSeconds(120)).until(() -> running.stats().completed() == 4);
            running.stop();
            thread.join(10_000);

            JsonNode report = await().atMost(Duration.ofSeconds(20)).until(
                    () -> node.get("/v1/ml/sweeps/" + id, token).json(),
                    shown -> shown.path("final").path("task_status").asString("").equals("completed"));
            assertThat(report.path("status").asString()).isEqualTo("completed");
            int best = report.path("best").asInt();
            String finalIntent = report.path("final").path("intent_id").asString();
            JsonNode task = node.get("/v1/ml/tasks/" + finalIntent).json();
            assertThat(task.path("status").asString()).isEqualTo("proven");
            assertThat(report.path("final").path("accuracy").asDouble())
                    .isEqualTo(task.path("quality").path("accuracy").asDouble());
            assertThat(report.path("final").path("note").asString()).contains("configuration " + best)
                    .contains(data);
            assertThat(node.get("/v1/ledger/accounts/" + client.did()).json().path("balance").asLong())
                    .isEqualTo(10_000 - 4 * 300);
            List<Event> events = events(node, id);
            assertThat(events).extracting(Event::type).startsWith("ml.sweep.posted")
                    .contains("ml.sweep.progress", "ml.sweep.final_posted").endsWith("ml.sweep.finished");
            assertThat(events.stream().filter(e -> e.type().equals("ml.sweep.final_posted")).findFirst().orElseThrow()
                    .data()).contains(finalIntent);
            assertThat(new LedgerAudit(node.node.storage()).run().problems()).isEmpty();
        }
    }

    @Test
    void a_cancel_refunds_the_unclaimed_tasks_once_the_claimed_one_is_paid_and_another_key_is_refused()
            throws Exception {
        try (RunningNode node = new RunningNode(dir, Map.of("genesis", client.did() + "=10000", "ml.audits", "3"),
                Clock.system())) {
            String token = node.signIn(client);
            String data = upload(node, token);
            ObjectNode request = MlSweepsOverHttpIT.sweep(data, 4, MlSweepsOverHttpIT.config(0.05, 8),
                    MlSweepsOverHttpIT.config(0.1, 8));
            request.put("final_retrain", true);
            String id = node.post("/v1/ml/sweeps", request, token).json().path("sweep_id").asString();
            long reserved = 10_000 - 8 * 300;

            Worker running = worker(node);
            Thread thread = running.start();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> {
                for (JsonNode job : node.get("/v1/ml/sweeps/" + id, token).json().path("jobs")) {
                    if (!job.path("status").asString("").equals("pending")) {
                        return true;
                    }
                }
                return false;
            });
            RunningNode.Reply stranger = node.post("/v1/ml/sweeps/" + id + "/cancel", "{}", node.signIn(other));
            assertThat(stranger.status()).as("another key's cancel names nothing").isEqualTo(404);

            RunningNode.Reply cancelled = node.post("/v1/ml/sweeps/" + id + "/cancel", "{}", token);

            assertThat(cancelled.status()).as(cancelled.json().toString()).isEqualTo(200);
            JsonNode cancel = cancelled.json().path("cancel");
            int withdrawn = cancel.path("jobs_cancelled").asInt();
            assertThat(withdrawn).isBetween(1, 7);
            assertThat(cancel.path("refunded").asLong()).isEqualTo(300L * withdrawn);
            assertThat(cancel.path("ledger_seqs").size()).isEqualTo(withdrawn);
            try (PouwClient typed = new PouwClient(URI.create(node.base), client, Duration.ofSeconds(30),
                    Clock.system())) {
                assertThatThrownBy(() -> typed.ml().cancelSweep(id)).as("a second cancel")
                        .isInstanceOfSatisfying(NodeException.class, e -> {
                            assertThat(e.status()).isEqualTo(409);
                            assertThat(e.getMessage()).contains("cancelled already");
                        });
            }
            JsonNode report = await().atMost(Duration.ofSeconds(60)).until(
                    () -> node.get("/v1/ml/sweeps/" + id, token).json(),
                    shown -> !shown.path("status").asString("").equals("running"));
            running.stop();
            thread.join(10_000);
            int completed = 0;
            int marked = 0;
            for (JsonNode job : report.path("jobs")) {
                String status = job.path("status").asString();
                completed += status.equals("completed") ? 1 : 0;
                marked += status.equals("cancelled") ? 1 : 0;
            }
            assertThat(report.path("status").asString()).isEqualTo("cancelled");
            assertThat(marked).isEqualTo(withdrawn);
            assertThat(completed).as("every claimed task finished").isEqualTo(8 - withdrawn);
            assertThat(running.stats().completed()).isEqualTo(8 - withdrawn);
            assertThat(report.path("cancelled").path("refunded").asLong()).isEqualTo(300L * withdrawn);
            assertThat(node.get("/v1/ledger/accounts/" + client.did()).json().path("balance").asLong())
                    .as("refunded exactly once").isEqualTo(reserved + 300L * withdrawn);
            JsonNode finalRetrain = await().atMost(Duration.ofSeconds(10)).until(
                    () -> node.get("/v1/ml/sweeps/" + id, token).json().path("final"),
                    shown -> shown.path("status").asString("").equals("not_posted"));
            assertThat(finalRetrain.path("note").asString()).contains("cancelled");
            assertThat(events(node, id)).extracting(Event::type).containsSubsequence("ml.sweep.posted",
                    "ml.sweep.cancelled", "ml.sweep.final_not_posted", "ml.sweep.finished");
            List<NodeEvent> streamed = new CopyOnWriteArrayList<>();
            try (PouwClient typed = new PouwClient(URI.create(node.base), client, Duration.ofSeconds(30),
                    Clock.system()); EventFollower follower = typed.events().follower(0)) {
                Thread.ofVirtual().start(() -> follower.follow(streamed::add));
                await().atMost(Duration.ofSeconds(20)).until(() -> streamed.stream()
                        .anyMatch(e -> e.type().equals("ml.sweep.finished")));
            }
            assertThat(streamed).as("the same events on the SSE stream").filteredOn(e -> e.type().startsWith("ml.sweep."))
                    .extracting(e -> e.data().path("sweep_id").asString() + " " + e.type())
                    .containsSubsequence(id + " ml.sweep.posted", id + " ml.sweep.cancelled",
                            id + " ml.sweep.final_not_posted", id + " ml.sweep.finished");
            assertThat(new LedgerAudit(node.node.storage()).run().problems()).isEmpty();
        }
    }

    @Test
    void a_sweep_over_the_nodes_step_limit_is_refused_before_any_fold_is_stored() {
        try (RunningNode node = new RunningNode(dir, Map.of("genesis", client.did() + "=10000", "ml.max_steps", "10"),
                Clock.system())) {
            String token = node.signIn(client);
            String data = upload(node, token);

            RunningNode.Reply refused = node.post("/v1/ml/sweeps", MlSweepsOverHttpIT.sweep(data, 2,
                    MlSweepsOverHttpIT.config(0.05, 8)), token);

            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.field()).isEqualTo("configurations[0]");
            assertThat(refused.json().toString()).contains("ml.max_steps");
            Dataset[] firstFold = SweepPlan.split(MlSweepsOverHttpIT.DATA, 2, 0);
            for (Dataset stored : firstFold) {
                assertThat(node.node.storage().blobs().get(BlobTable.keyOf(DatasetCodec.encode(stored))))
                        .as("no fold dataset stored").isEmpty();
            }
            ObjectNode withBoth = MlSweepsOverHttpIT.sweep(data, 2, MlSweepsOverHttpIT.config(0.05, 8));
            withBoth.putObject("search").put("seed", 1).put("count", 1).putObject("space").putObject("batch")
                    .putArray("choices").add(8);
            RunningNode.Reply both = node.post("/v1/ml/sweeps", withBoth, token);
            assertThat(both.status()).isEqualTo(400);
            assertThat(both.field()).isEqualTo("configurations");
            ObjectNode badSearch = MlSweepsOverHttpIT.sweep(data, 2);
            badSearch.remove("configurations");
            badSearch.putObject("search").put("seed", 1).put("count", 2).putObject("space")
                    .putObject("architecture").putArray("choices").add(1);
            RunningNode.Reply bad = node.post("/v1/ml/sweeps", badSearch, token);
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.field()).isEqualTo("search.space.architecture");
            assertThat(node.get("/v1/ledger/accounts/" + client.did()).json().path("balance").asLong())
                    .isEqualTo(10_000);
        }
    }

    @Test
    void a_sweep_the_market_refuses_midway_posts_nothing() {
        // Room for two of the sweep's tasks open at once, counted in work units (docs/economics.md, "Work units": a
        // 12-step task's multiply-adds, or the floor of the state each step commits): the third of four is refused
        // (429), and the sweep's tasks are opened in one transaction with its row, so none of them is posted.
        Bytes32 root = Bytes32.of(new byte[32]);
        long perTask = MlTrainIntents.workUnits(new TrainingTask(StackText.parse(MlSweepsOverHttpIT.ARCH),
                new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, new SgdMomentum(0.05f, 0.9f), 8), root, root, 3, 12,
                TargetMetric.accuracyAtLeast(0.5), 300));
        try (RunningNode node = new RunningNode(dir, Map.of("genesis", client.did() + "=10000",
                "market.max_open_steps_per_requester", Long.toString(2 * perTask + perTask / 2)), Clock.system())) {
            String token = node.signIn(client);
            String data = upload(node, token);
            long eventsBefore = node.node.storage().read((StoreTx tx) -> tx.events().after(0, 100_000)).size();

            RunningNode.Reply refused = node.post("/v1/ml/sweeps", MlSweepsOverHttpIT.sweep(data, 2,
                    MlSweepsOverHttpIT.config(0.05, 8), MlSweepsOverHttpIT.config(0.1, 8)), token);

            assertThat(refused.status()).as(refused.json().toString()).isEqualTo(429);
            assertThat(refused.field()).as("the task refused, by its place in the sweep").startsWith("tasks[2]");
            assertThat(node.get("/v1/ledger/accounts/" + client.did()).json().path("balance").asLong())
                    .as("no fee reserved").isEqualTo(10_000);
            assertThat(node.get("/v1/pouw/jobs?kind=ml-train").json().path("jobs").size()).isZero();
            assertThat(node.node.storage().read((StoreTx tx) -> tx.events().after(0, 100_000)))
                    .as("no event: nothing was posted").hasSize((int) eventsBefore);
            assertThat(new LedgerAudit(node.node.storage()).run().problems()).isEmpty();
        }
    }

    @Test
    void a_final_retrain_asked_for_after_the_sweep_ended_is_posted_once_and_paid_for_then() throws Exception {
        try (RunningNode node = new RunningNode(dir, Map.of("genesis", client.did() + "=10000", "ml.audits", "3"),
                Clock.system())) {
            String token = node.signIn(client);
            String data = upload(node, token);
            ObjectNode request = MlSweepsOverHttpIT.sweep(data, 2, MlSweepsOverHttpIT.config(0.05, 8),
                    MlSweepsOverHttpIT.config(0.1, 8));
            String id = node.post("/v1/ml/sweeps", request, token).json().path("sweep_id").asString();

            Worker running = worker(node);
            Thread thread = running.start();
            try {
                await().atMost(Duration.ofSeconds(120)).until(() -> events(node, id).stream()
                        .anyMatch(e -> e.type().equals("ml.sweep.finished")));
                JsonNode ended = node.get("/v1/ml/sweeps/" + id, token).json();
                assertThat(ended.path("status").asString()).isEqualTo("completed");
                assertThat(ended.path("final").isNull()).as("none asked for at posting").isTrue();
                assertThat(node.get("/v1/ledger/accounts/" + client.did()).json().path("balance").asLong())
                        .isEqualTo(10_000 - 4 * 300);

                RunningNode.Reply stranger = node.post("/v1/ml/sweeps/" + id + "/final", "{}", node.signIn(other));
                assertThat(stranger.status()).as("another key's ask names nothing").isEqualTo(404);
                JsonNode asked;
                try (PouwClient typed = new PouwClient(URI.create(node.base), client, Duration.ofSeconds(30),
                        Clock.system())) {
                    asked = typed.ml().askSweepFinal(id).json();
                    assertThatThrownBy(() -> typed.ml().askSweepFinal(id)).as("a second ask")
                            .isInstanceOfSatisfying(NodeException.class, e -> {
                                assertThat(e.status()).isEqualTo(409);
                                assertThat(e.getMessage()).contains("asked for already");
                            });
                }
                assertThat(asked.path("final").path("status").asString()).isIn("waiting", "posted");

                JsonNode report = await().atMost(Duration.ofSeconds(120)).until(
                        () -> node.get("/v1/ml/sweeps/" + id, token).json(),
                        shown -> shown.path("final").path("task_status").asString("").equals("completed"));
                int best = report.path("best").asInt();
                assertThat(report.path("final").path("note").asString()).contains("configuration " + best);
                assertThat(node.get("/v1/ledger/accounts/" + client.did()).json().path("balance").asLong())
                        .as("the final's fee reserved when it was posted, and paid").isEqualTo(10_000 - 5 * 300);
                List<String> types = events(node, id).stream().map(Event::type).toList();
                assertThat(types.stream().filter(t -> t.equals("ml.sweep.final_posted")).count()).isEqualTo(1);
                assertThat(types.subList(types.indexOf("ml.sweep.finished"), types.size()))
                        .as("the sweep ended, then was followed again for its final retrain")
                        .containsSubsequence("ml.sweep.finished", "ml.sweep.final_posted", "ml.sweep.finished");
                assertThat(new LedgerAudit(node.node.storage()).run().problems()).isEmpty();
            } finally {
                running.stop();
                thread.join(10_000);
            }
        }
    }

    @Test
    void a_final_retrain_the_account_cannot_pay_for_or_without_a_best_configuration_is_refused_and_changes_nothing() {
        // 1,300: the sweep's four tasks reserve 1,200, so the retrain's fee of 300 cannot be reserved after posting.
        try (RunningNode node = new RunningNode(dir, Map.of("genesis", client.did() + "=1300"), Clock.system())) {
            String token = node.signIn(client);
            String data = upload(node, token);
            String id = node.post("/v1/ml/sweeps", MlSweepsOverHttpIT.sweep(data, 2,
                    MlSweepsOverHttpIT.config(0.05, 8), MlSweepsOverHttpIT.config(0.1, 8)), token)
                    .json().path("sweep_id").asString();
            assertThat(balance(node)).isEqualTo(100);
            // No worker: the sweep runs with every task pending, so nothing moves it while the ask is refused.
            Snapshot running = Snapshot.of(node, token, id, client);
            assertThat(running.report().path("status").asString()).isEqualTo("running");

            RunningNode.Reply unpaid = node.post("/v1/ml/sweeps/" + id + "/final", "{}", token);

            assertThat(unpaid.status()).as(unpaid.json().toString()).isEqualTo(402);
            assertThat(unpaid.field()).isEqualTo("spec.fee");
            assertThat(unpaid.json().toString()).contains("reserves 300").contains("holds 100");
            assertThat(Snapshot.of(node, token, id, client)).as("nothing changed").isEqualTo(running);

            // Cancelled before anyone claimed a task: every fee refunded, no configuration verified, none best.
            RunningNode.Reply cancelled = node.post("/v1/ml/sweeps/" + id + "/cancel", "{}", token);
            assertThat(cancelled.status()).as(cancelled.json().toString()).isEqualTo(200);
            assertThat(cancelled.json().path("status").asString()).isEqualTo("cancelled");
            assertThat(balance(node)).isEqualTo(1300);
            await().atMost(Duration.ofSeconds(30)).until(() -> events(node, id).stream()
                    .anyMatch(e -> e.type().equals("ml.sweep.finished")));
            Snapshot ended = Snapshot.of(node, token, id, client);
            assertThat(ended.row().open()).as("the sweep no longer followed").isFalse();

            RunningNode.Reply noBest = node.post("/v1/ml/sweeps/" + id + "/final", "{}", token);

            assertThat(noBest.status()).as(noBest.json().toString()).isEqualTo(409);
            assertThat(noBest.field()).isEqualTo("id");
            assertThat(noBest.json().toString()).contains("ended cancelled").contains("no best configuration");
            assertThat(Snapshot.of(node, token, id, client)).as("nothing changed").isEqualTo(ended);
            assertThat(new LedgerAudit(node.node.storage()).run().problems()).isEmpty();
        }
    }

    /**
     * What a refused ask must leave as it was: the sweep's row, its report, the balance, and the events that name the
     * sweep or the client (other events, of the node's own, may come at any time).
     */
    private record Snapshot(SweepStore.Sweep row, JsonNode report, long balance, List<Event> events) {
        static Snapshot of(RunningNode node, String token, String id, Ed25519.KeyPair client) {
            SweepStore.Sweep row = node.node.storage().read((StoreTx tx) -> tx.sweeps().find(id)).orElseThrow();
            assertThat(row.finalWanted()).as("no retrain marked wanted").isFalse();
            JsonNode report = node.get("/v1/ml/sweeps/" + id, token).json();
            assertThat(report.path("final").isNull()).as("no final in the report").isTrue();
            long balance = node.get("/v1/ledger/accounts/" + client.did()).json().path("balance").asLong();
            List<Event> events = node.node.storage().read((StoreTx tx) -> tx.events().after(0, 100_000)).stream()
                    .filter(e -> e.data().contains(id) || e.data().contains(client.did().toString())).toList();
            return new Snapshot(row, report, balance, events);
        }
    }

    private long balance(RunningNode node) {
        return node.get("/v1/ledger/accounts/" + client.did()).json().path("balance").asLong();
    }

    private static List<Event> events(RunningNode node, String sweepId) {
        List<Event> out = new ArrayList<>();
        for (Event event : node.node.storage().read((StoreTx tx) -> tx.events().after(0, 100_000))) {
            if (event.type().startsWith("ml.sweep.") && event.data().contains(sweepId)) {
                out.add(event);
            }
        }
        return out;
    }

    private Worker worker(RunningNode node) {
        return MlSweepsOverHttpIT.worker(node, worker);
    }

    /** The shared records, uploaded by the client. */
    private static String upload(RunningNode node, String token) {
        return MlSweepsOverHttpIT.upload(node, "/v1/ml/datasets", DatasetCodec.encode(MlSweepsOverHttpIT.DATA), token);
    }
}
