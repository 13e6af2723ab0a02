package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.client.EventFollower;
import org.pouw.client.NodeException;
import org.pouw.client.PouwClient;
import org.pouw.client.events.NodeEvent;
import org.pouw.client.intents.HashChainIntent;
import org.pouw.client.intents.IntentCreated;
import org.pouw.client.intents.NodeIntent;
import org.pouw.client.intents.ProgramIntent;
import org.pouw.client.jobs.DeadLetter;
import org.pouw.client.jobs.JobFilter;
import org.pouw.client.jobs.JobPage;
import org.pouw.client.jobs.Lease;
import org.pouw.client.jobs.LeasedJob;
import org.pouw.client.jobs.NodeAttempt;
import org.pouw.client.jobs.NodeJob;
import org.pouw.client.jobs.ProofOutcome;
import org.pouw.client.ledger.NodeAccount;
import org.pouw.client.ledger.NodeLedgerEntry;
import org.pouw.client.ledger.NodeTransfer;
import org.pouw.client.ml.MlTask;
import org.pouw.client.ml.MlTaskCreated;
import org.pouw.client.ml.StoredDataset;
import org.pouw.client.ml.TrainingSpec;
import org.pouw.client.system.SystemStatus;
import org.pouw.core.Clock;
import org.pouw.core.work.ChallengeChannel;
import org.pouw.core.work.ProgressListener;
import org.pouw.crypto.Ed25519;
import org.pouw.kinds.mltrain.MlFixtures;
import org.pouw.kinds.reexec.ReexecKind;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.data.DatasetCodec;
import org.pouw.ml.task.TargetMetric;
import org.pouw.vm.Samples;

/**
 * pouw-client's typed calls against a real node: each one once, each record's fields checked against what the
 * node's JSON writers put there, so a field renamed on either side fails here.
 */
class TypedClientIT {
    @TempDir
    Path dir;

    final Ed25519.KeyPair payer = Ed25519.KeyPair.generate();
    final Ed25519.KeyPair prover = Ed25519.KeyPair.generate();
    RunningNode node;
    PouwClient client;
    PouwClient worker;

    @BeforeEach
    void start() {
        node = new RunningNode(dir, Map.of("genesis", payer.did() + "=1000000", "market.max_retries", "1"),
                Clock.system());
        client = connect(payer);
        worker = connect(prover);
    }

    @AfterEach
    void stop() {
        client.close();
        worker.close();
        node.close();
    }

    PouwClient connect(Ed25519.KeyPair key) {
        return new PouwClient(URI.create(node.base), key, Duration.ofSeconds(30), Clock.system());
    }

    IntentCreated fibonacci(String input, long fee) {
        return client.intents().submit(new ProgramIntent(Samples.source("fibonacci"), List.of(input), 10_000,
                "macro", fee));
    }

    /** The worker's proof, from the blobs it reads through its lease on the job. */
    byte[] prove(NodeJob job) {
        return new ReexecKind().prove(job.toWorkItem(key -> worker.jobs().blob(key, job.jobId())),
                ProgressListener.NONE, ChallengeChannel.NONE);
    }

    @Test
    void anIntentFromSubmissionToPaymentThroughEveryTypedCall() {
        SystemStatus status = client.system().status();
        assertThat(status.pouwMode()).isEqualTo("remote");
        assertThat(status.zkMode()).isEqualTo("reexec");
        assertThat(status.storage()).isEqualTo("sqlite");
        assertThat(status.nodeDid()).isEqualTo(node.node.adminKey().did().toString());
        assertThat(status.kinds()).contains("reexec");
        assertThat(status.version()).isNotEmpty();
        List<NodeEvent> events = new CopyOnWriteArrayList<>();
        EventFollower follower = client.events().follower(status.lastEventSeq());
        Thread.ofVirtual().start(() -> follower.follow(events::add));

        IntentCreated created = fibonacci("10", 500);
        assertThat(created.intentId()).hasSize(64);
        assertThat(created.status()).isEqualTo("proving");
        assertThat(created.steps()).isPositive();
        assertThat(created.output().path(1).asString()).isEqualTo("55");
        assertThat(created.traceHash()).hasSize(64);
        assertThat(created.jobIds()).hasSize(1);
        assertThat(created.ledgerSeq()).isPositive();
        String jobId = created.jobIds().getFirst();

        NodeIntent intent = client.intents().get(created.intentId());
        assertThat(intent.requester()).isEqualTo(client.did());
        assertThat(intent.tier()).isEqualTo("macro");
        assertThat(intent.fee()).isEqualTo(500);
        assertThat(intent.maxSteps()).isEqualTo(10_000);
        assertThat(intent.inputs().path(0).asString()).isEqualTo("10");
        assertThat(intent.traceRef()).isNotEmpty();
        assertThat(intent.programRef()).isNotEmpty();
        assertThat(intent.createdAtMs()).isPositive();
        assertThat(intent.jobs()).singleElement().satisfies(job -> {
            assertThat(job.jobId()).isEqualTo(jobId);
            assertThat(job.status()).isEqualTo("pending");
        });

        NodeJob pending = client.jobs().get(jobId);
        assertThat(pending.kind()).isEqualTo("reexec");
        assertThat(pending.status()).isEqualTo("pending");
        assertThat(pending.intentId()).isEqualTo(created.intentId());
        assertThat(pending.requester()).isEqualTo(client.did());
        assertThat(pending.feeBudget()).isEqualTo(500);
        assertThat(pending.rewardBudget()).isPositive();
        assertThat(pending.deadlineMs()).isGreaterThan(pending.createdAtMs());
        assertThat(pending.leaseExpiresAtMs()).as("null on the wire while pending").isZero();
        assertThat(pending.params().isObject()).isTrue();
        JobPage page = client.jobs().pending(JobFilter.all().withKind("reexec"));
        assertThat(page.jobs()).extracting(NodeJob::jobId).containsExactly(jobId);
        assertThat(page.nextCursor()).isNull();
        JobPage one = client.jobs().list(JobFilter.all().withLimit(1));
        assertThat(one.nextCursor()).as("a full page has a cursor").isEqualTo(String.valueOf(pending.createdSeq()));

        LeasedJob claimed = worker.jobs().claim(List.of("reexec"), List.of(), 4, 60_000).getFirst();
        assertThat(claimed.job().status()).isEqualTo("in_progress");
        assertThat(claimed.job().leaseHolder()).isEqualTo(worker.did());
        assertThat(claimed.job().attempts()).isEqualTo(1);
        Lease renewed = worker.jobs().renew(jobId, claimed.lease().token(), 120_000);
        assertThat(renewed.expiresAtMs()).isGreaterThan(claimed.lease().expiresAtMs());
        ProofOutcome paid = worker.jobs().submit(jobId, renewed.token(), prove(claimed.job()));
        assertThat(paid.accepted()).isTrue();
        assertThat(paid.reward()).isEqualTo(pending.rewardBudget());
        assertThat(paid.ledgerSeq()).isPositive();

        NodeJob done = client.jobs().get(jobId);
        assertThat(done.status()).isEqualTo("completed");
        assertThat(done.completedAtMs()).isPositive();
        assertThat(done.proofRef()).isNotEmpty();
        assertThat(client.intents().get(created.intentId()).status()).isEqualTo("proven");
        List<NodeAttempt> attempts = client.jobs().history(jobId).attempts();
        assertThat(attempts).singleElement().satisfies(attempt -> {
            assertThat(attempt.attempt()).isEqualTo(1);
            assertThat(attempt.proverId()).isEqualTo(worker.did());
            assertThat(attempt.outcome()).isEqualTo("completed");
            assertThat(attempt.endedAtMs()).isGreaterThanOrEqualTo(attempt.startedAtMs());
        });
        assertThat(client.jobs().provers()).anySatisfy(p -> {
            assertThat(p.proverId()).isEqualTo(worker.did());
            assertThat(p.jobsCompleted()).isEqualTo(1);
            assertThat(p.totalFeeEarned()).isEqualTo(paid.reward());
        });

        NodeAccount earned = client.ledger().account(worker.did(), 5);
        assertThat(earned.account()).isEqualTo(worker.did());
        assertThat(earned.balance()).isEqualTo(paid.reward());
        NodeLedgerEntry reward = earned.recentEntries().getFirst();
        assertThat(reward.seq()).isEqualTo(paid.ledgerSeq());
        assertThat(reward.kind()).isEqualTo("reward");
        assertThat(reward.key()).isEqualTo("reward:" + jobId);
        assertThat(reward.jobIds()).containsExactly(jobId);
        assertThat(reward.amountFor(worker.did())).isEqualTo(paid.reward());
        assertThat(reward.postings().stream().mapToLong(p -> p.amount()).sum()).isZero();
        assertThat(reward.hash()).hasSize(64);
        assertThat(reward.atMs()).isPositive();

        NodeTransfer sent = client.ledger().transfer(worker.did(), 10, "typed-client-1");
        assertThat(sent.entry().amountFor(worker.did())).isEqualTo(10);
        assertThat(sent.balance()).isEqualTo(client.ledger().account(client.did(), 0).balance());
        assertThat(client.ledger().transfer(worker.did(), 10, "typed-client-1").entry().seq())
                .as("same key, same transfer").isEqualTo(sent.entry().seq());
        List<NodeLedgerEntry> entries = client.ledger().entries(0, 1000);
        assertThat(entries).extracting(NodeLedgerEntry::seq).contains(paid.ledgerSeq(), sent.entry().seq());
        assertThat(entries.get(1).prevHash()).isEqualTo(entries.get(0).hash());
        assertThat(client.ledger().pool().totalPaid()).isEqualTo(paid.reward());

        await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(e -> e.type().equals("ledger.transfer")));
        follower.close();
        assertThat(events).extracting(NodeEvent::type).contains("intent.created", "job.created", "job.claimed",
                "job.completed", "intent.proven");
        NodeEvent completed = events.stream().filter(e -> e.type().equals("job.completed")).findFirst().orElseThrow();
        assertThat(completed.jobId()).isEqualTo(jobId);
        assertThat(completed.intentId()).isEqualTo(created.intentId());
        assertThat(completed.data().path("reward").asLong()).isEqualTo(paid.reward());
        assertThat(completed.seq()).isGreaterThan(status.lastEventSeq());
        assertThat(completed.atMs()).isPositive();
    }

    @Test
    void aJobThatRunsOutOfAttemptsIsListedAndTheAdminRequeuesIt() {
        // The worker first completes a job: a new identity's unaudited failure does not spend a retry (issue 18).
        String first = fibonacci("11", 100).jobIds().getFirst();
        LeasedJob earned = worker.jobs().claim(List.of(), List.of(), 1, 60_000).getFirst();
        assertThat(worker.jobs().submit(first, earned.lease().token(), prove(earned.job())).accepted()).isTrue();
        String jobId = fibonacci("12", 300).jobIds().getFirst();
        LeasedJob claimed = worker.jobs().claim(List.of(), List.of(), 1, 60_000).getFirst();
        NodeJob failed = worker.jobs().fail(jobId, claimed.lease().token(), "out of memory");
        assertThat(failed.status()).isEqualTo("dead_letter");
        assertThat(failed.lastError()).contains("out of memory");

        DeadLetter dead = client.jobs().deadLetters().jobs().getFirst();
        assertThat(dead.job().jobId()).isEqualTo(jobId);
        assertThat(dead.attemptHistory()).singleElement().satisfies(a -> assertThat(a.reason())
                .contains("out of memory"));
        assertThatThrownBy(() -> client.jobs().retryDeadLetter(jobId))
                .isInstanceOfSatisfying(NodeException.class, e -> assertThat(e.status()).isEqualTo(403));
        try (PouwClient admin = connect(node.node.adminKey())) {
            assertThat(admin.jobs().retryDeadLetter(jobId).status()).isEqualTo("pending");
        }
    }

    @Test
    void aTrainingTaskIsPostedAndReadBack() {
        Dataset train = MlFixtures.clusters(96, 1);
        Dataset heldOut = MlFixtures.clusters(48, 2);
        StoredDataset stored = client.ml().uploadDataset(DatasetCodec.encode(train));
        assertThat(stored.blob()).hasSize(64);
        assertThat(stored.root()).isEqualTo(train.root().hex());
        assertThat(stored.records()).isEqualTo(96);
        assertThat(stored.features()).isPositive();
        assertThat(stored.classes()).isPositive();
        assertThat(stored.bytes()).isPositive();
        String heldOutBlob = client.ml().uploadDataset(DatasetCodec.encode(heldOut)).blob();

        MlTaskCreated created = client.ml().submit(MlFixtures.task(train, heldOut, 40,
                TargetMetric.accuracyAtLeast(0.5), 1_000).encode(), stored.blob(), heldOutBlob);
        assertThat(created.status()).isEqualTo("proving");
        assertThat(created.fee()).isEqualTo(1_000);
        assertThat(created.steps()).isEqualTo(40);
        assertThat(created.params().path("audits").asInt()).isPositive();
        assertThat(created.ledgerSeq()).isPositive();

        MlTask task = client.ml().task(created.intentId());
        assertThat(task.taskId()).isEqualTo(created.taskId());
        assertThat(task.job().jobId()).isEqualTo(created.jobId());
        assertThat(task.job().kind()).isEqualTo("ml-train");
        assertThat(task.requester()).isEqualTo(client.did());
        assertThat(task.quality()).as("not verified yet").isNull();
        assertThatThrownBy(() -> client.ml().model(created.intentId()))
                .isInstanceOfSatisfying(NodeException.class, e -> assertThat(e.code()).isEqualTo("conflict"));
    }

    @Test
    void aStackTaskIsPostedBySpecAndABadSettingNamesItsField() {
        Dataset train = MlFixtures.clusters(96, 1);
        Dataset heldOut = MlFixtures.clusters(48, 2);
        String trainBlob = client.ml().uploadDataset(DatasetCodec.encode(train)).blob();
        String heldOutBlob = client.ml().uploadDataset(DatasetCodec.encode(heldOut)).blob();
        String architecture = "stack:1x1x" + train.featureCount() + ":dense16,gelu,dense" + train.classes();
        TrainingSpec spec = TrainingSpec.of(architecture).optimizer("adamw", 0.01).weightDecay(0.01)
                .warmupAndCosine(3, 0.1).clip(1).batch(16).seed(3).steps(30).targetAccuracy(0.5).fee(700);

        MlTaskCreated created = client.ml().submit(spec, trainBlob, heldOutBlob);
        assertThat(created.status()).isEqualTo("proving");
        assertThat(created.fee()).isEqualTo(700);
        assertThat(created.steps()).isEqualTo(30);
        assertThat(client.ml().task(created.intentId()).taskId()).isEqualTo(created.taskId());

        assertThatThrownBy(() -> client.ml().submit(TrainingSpec.of(architecture).optimizer("rmsprop", 0.01).batch(16)
                .steps(30).targetAccuracy(0.5).fee(700), trainBlob, heldOutBlob))
                .isInstanceOfSatisfying(NodeException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("spec.optimizer");
                });
    }

    @Test
    void aHashChainIntentGoesToAStarkNode() {
        try (RunningNode stark = new RunningNode(dir.resolve("stark"), Map.of("zk_mode", "stark", "genesis",
                payer.did() + "=1000"), Clock.system());
             PouwClient payerThere = new PouwClient(URI.create(stark.base), payer, Duration.ofSeconds(30),
                     Clock.system())) {
            IntentCreated created = payerThere.intents().submit(new HashChainIntent("pouw", 8, 100));
            assertThat(created.status()).isEqualTo("proving");
            assertThat(created.output().size()).as("y, four field elements").isEqualTo(4);
            assertThat(created.jobIds()).hasSize(1);
            assertThat(payerThere.jobs().get(created.jobIds().getFirst()).kind()).isEqualTo("hash-chain");
            assertThat(payerThere.system().status().zkMode()).isEqualTo("stark");
        }
    }

    @Test
    void theNodesRefusalsComeBackWithTheirCodes() {
        assertThatThrownBy(() -> fibonacci("10", 10_000_000))
                .isInstanceOfSatisfying(NodeException.class, e -> {
                    assertThat(e.status()).isEqualTo(402);
                    assertThat(e.code()).isEqualTo("insufficient_funds");
                });
        assertThatThrownBy(() -> client.jobs().get("ab".repeat(16)))
                .isInstanceOfSatisfying(NodeException.class, e -> assertThat(e.code()).isEqualTo("not_found"));
        assertThat(worker.jobs().claim(List.of(), List.of(), 1, 60_000)).as("204 when none").isEmpty();
    }
}
