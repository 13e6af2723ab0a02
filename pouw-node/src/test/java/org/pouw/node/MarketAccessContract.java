package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.client.NodeException;
import org.pouw.client.jobs.Lease;
import org.pouw.core.Clock;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.Hex;
import org.pouw.kinds.reexec.ReexecKind;
import org.pouw.vm.Samples;
import org.pouw.worker.ClaimedJob;
import org.pouw.worker.LoopSettings;
import org.pouw.worker.MarketAccess;
import org.pouw.worker.SubmitResult;
import org.pouw.worker.Worker;
import org.pouw.worker.WorkerDisplay;
import org.pouw.worker.WorkerStats;
import tools.jackson.databind.node.ObjectNode;

/**
 * One contract for the worker loop's market port, one subclass per adapter: the node's API over HTTP and the node's
 * market in process must give the loop the same answers, so the loop behaves the same over either.
 */
abstract class MarketAccessContract {
    @TempDir
    Path dir;

    final Ed25519.KeyPair client = Ed25519.KeyPair.generate();
    final Ed25519.KeyPair worker = Ed25519.KeyPair.generate();
    RunningNode node;
    MarketAccess market;

    /** The adapter under test, working for {@code key} on {@code node}. */
    abstract MarketAccess open(RunningNode node, Ed25519.KeyPair key);

    @BeforeEach
    void startNode() {
        node = new RunningNode(dir, Map.of("genesis", client.did() + "=1000"), Clock.system());
        market = open(node, worker);
    }

    @AfterEach
    void stopNode() {
        market.close();
        node.close();
    }

    /** A fibonacci intent of one macro job; its id. */
    String postIntent() {
        return postIntent(100);
    }

    /** A fibonacci intent of one macro job paying {@code fee} (its reward is 90 % of it); its id. */
    String postIntent(long fee) {
        ObjectNode body = RunningNode.JSON.createObjectNode().put("program", Samples.source("fibonacci"));
        body.putArray("inputs").add(12);
        body.put("max_steps", 1_000).put("tier", "macro").put("fee", fee);
        return node.post("/v1/intents", body, node.signIn(client)).json().path("job_ids").get(0).asString();
    }

    @Test
    void anEmptyQueueGivesNoJobs() {
        assertThat(market.claim(List.of("reexec"), List.of(), 4, 10_000)).isEmpty();
    }

    @Test
    void aClaimedJobCarriesItsLeaseAndTheBlobItNames() {
        String id = postIntent();

        List<ClaimedJob> claimed = market.claim(List.of("reexec"), List.of("macro"), 4, 10_000);

        assertThat(claimed).singleElement().satisfies(job -> {
            assertThat(job.jobId()).isEqualTo(id);
            assertThat(job.kind()).isEqualTo("reexec");
            assertThat(job.tier().wire()).isEqualTo("macro");
            assertThat(job.status()).isEqualTo("in_progress");
            assertThat(job.attempts()).isEqualTo(1);
            assertThat(job.lease().token()).isNotEmpty();
            assertThat(job.leaseExpiresAtMs()).isEqualTo(job.lease().expiresAtMs()).isPositive();
            byte[] trace = market.blob(job.jobId(), job.traceRef());
            assertThat(Hex.encode(Blake3.hash(trace))).isEqualTo(job.traceRef());
        });
    }

    @Test
    void aStaleLeaseTokenIsALostLeaseAndTheHeldOneRenews() {
        postIntent();
        ClaimedJob job = market.claim(List.of("reexec"), List.of(), 1, 10_000).getFirst();

        Lease renewed = market.renew(job.jobId(), job.lease().token(), 20_000);
        assertThat(renewed.token()).isEqualTo(job.lease().token());
        assertThat(renewed.expiresAtMs()).isGreaterThan(job.lease().expiresAtMs());
        assertThatThrownBy(() -> market.renew(job.jobId(), "not-the-token", 20_000))
                .isInstanceOfSatisfying(NodeException.class, e -> {
                    assertThat(e.isLeaseLost()).isTrue();
                    assertThat(e.isTransient()).isFalse();
                    assertThat(e.code()).isEqualTo("lease_lost");
                });
    }

    @Test
    void aFailedJobGoesBackToTheQueueAndItsLeaseWithIt() {
        String id = postIntent();
        ClaimedJob job = market.claim(List.of("reexec"), List.of(), 1, 10_000).getFirst();

        market.fail(id, job.lease().token(), "cannot do it now");

        assertThat(node.get("/v1/pouw/jobs/" + id).json().path("status").asString()).isEqualTo("pending");
        assertThatThrownBy(() -> market.fail(id, job.lease().token(), "again"))
                .isInstanceOfSatisfying(NodeException.class, e -> assertThat(e.isLeaseLost()).isTrue());
    }

    @Test
    void aReleasedJobGoesBackToTheQueueWithoutSpendingARetry() {
        String id = postIntent();
        ClaimedJob job = market.claim(List.of("reexec"), List.of(), 1, 10_000).getFirst();
        int retries = node.get("/v1/pouw/jobs/" + id).json().path("max_retries").asInt();

        market.release(id, job.lease().token());

        var released = node.get("/v1/pouw/jobs/" + id).json();
        assertThat(released.path("status").asString()).isEqualTo("pending");
        assertThat(released.path("max_retries").asInt()).isEqualTo(retries + 1);
        assertThat(node.get("/v1/pouw/jobs/" + id + "/history").json().path("attempts").get(0).path("outcome")
                .asString()).isEqualTo("released");
        assertThatThrownBy(() -> market.release(id, job.lease().token()))
                .isInstanceOfSatisfying(NodeException.class, e -> assertThat(e.isLeaseLost()).isTrue());
    }

    @Test
    void aWrongProofIsARejectionWithTheVerifiersReason() {
        postIntent();
        ClaimedJob job = market.claim(List.of("reexec"), List.of(), 1, 10_000).getFirst();

        SubmitResult result = market.submit(job.jobId(), job.lease().token(),
                "not a proof".getBytes(StandardCharsets.UTF_8));

        assertThat(result.accepted()).isFalse();
        assertThat(result.reason()).isNotEmpty().isNotEqualTo("ok");
        assertThat(result.reward()).isZero();
    }

    @Test
    void aMissingBlobIsNotFound() {
        postIntent();
        ClaimedJob job = market.claim(List.of("reexec"), List.of(), 1, 10_000).getFirst();
        assertThatThrownBy(() -> market.blob(job.jobId(), "00".repeat(32)))
                .isInstanceOfSatisfying(NodeException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.isTransient()).isFalse();
                });
    }

    @Test
    void theWorkerLoopProvesAJobAndIsPaidAsThePortsIdentity() {
        String id = postIntent();
        LoopSettings settings = LoopSettings.defaults().withLeaseMs(10_000).withShutdownGrace(Duration.ofSeconds(2))
                .withRetry(Duration.ofMillis(20), Duration.ofMillis(200))
                .withIdlePolling(Duration.ofMillis(10), Duration.ofMillis(50));
        Worker loop = new Worker(market, settings, List.of(new ReexecKind()), WorkerDisplay.NONE, Clock.system());

        WorkerStats.Snapshot totals = loop.runUntil(() -> node.get("/v1/pouw/jobs/" + id).json().path("status")
                .asString().equals("completed"));

        assertThat(totals.completed()).isEqualTo(1);
        assertThat(totals.totalReward()).isEqualTo(90);
        assertThat(node.get("/v1/ledger/accounts/" + worker.did()).json().path("balance").asLong()).isEqualTo(90);
    }

    /**
     * {@code pouw worker --min-reward} (issue 27): the loop sends its ask with every claim, so a job paying less is
     * never taken, however long the worker idles beside it; a job paying enough is.
     */
    @Test
    void theWorkerLoopTakesOnlyJobsPayingItsAsk() {
        String cheap = postIntent(100);
        String dear = postIntent(300);
        LoopSettings settings = LoopSettings.defaults().withLeaseMs(10_000).withShutdownGrace(Duration.ofSeconds(2))
                .withRetry(Duration.ofMillis(20), Duration.ofMillis(200))
                .withIdlePolling(Duration.ofMillis(10), Duration.ofMillis(50)).withMinReward(91);

        WorkerStats.Snapshot totals = new Worker(market, settings, List.of(new ReexecKind()), WorkerDisplay.NONE,
                Clock.system()).runUntil(() -> node.get("/v1/pouw/jobs/" + dear).json().path("status").asString()
                .equals("completed"));
        assertThat(totals.totalReward()).isEqualTo(270);
        long idleUntil = System.currentTimeMillis() + 1_000;
        WorkerStats.Snapshot idle = new Worker(market, settings, List.of(new ReexecKind()), WorkerDisplay.NONE,
                Clock.system()).runUntil(() -> System.currentTimeMillis() > idleUntil);

        assertThat(idle.completed()).as("a second of polling beside a job under the ask").isZero();
        assertThat(node.get("/v1/pouw/jobs/" + cheap).json().path("status").asString()).isEqualTo("pending");
        assertThatThrownBy(() -> settings.withMinReward(-1)).hasMessageContaining("min_reward");
    }
}
