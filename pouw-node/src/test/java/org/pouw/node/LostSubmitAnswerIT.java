package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.kinds.reexec.ReexecKind;
import org.pouw.vm.Samples;
import org.pouw.worker.HttpMarket;
import org.pouw.worker.LoopSettings;
import org.pouw.worker.Worker;
import org.pouw.worker.WorkerDisplay;
import org.pouw.worker.WorkerStats;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 18, defect 11: the node commits a worker's proof and the answer never reaches the worker (here a proxy drops
 * it after forwarding the request, as a node dying between its commit and its answer would). The worker must ask
 * how its attempt was settled and count the reward it was paid — not log {@code lease_lost} and drop it.
 */
class LostSubmitAnswerIT {
    @TempDir
    Path dir;

    @Test
    void a_submit_committed_without_an_answer_is_counted_as_paid() throws Exception {
        Ed25519.KeyPair client = Ed25519.KeyPair.generate();
        Ed25519.KeyPair workerKey = Ed25519.KeyPair.generate();
        try (RunningNode node = new RunningNode(dir, Map.of("genesis", client.did() + "=1000"), Clock.system());
             AnswerDroppingProxy proxy = new AnswerDroppingProxy(node.node.port())) {
            ObjectNode body = RunningNode.JSON.createObjectNode().put("program", Samples.source("fibonacci"));
            body.putArray("inputs").add(12);
            body.put("max_steps", 1_000).put("tier", "macro").put("fee", 100);
            String jobId = node.post("/v1/intents", body, node.signIn(client)).json().path("job_ids").path(0)
                    .asString();

            LoopSettings settings = LoopSettings.defaults().withLeaseMs(30_000)
                    .withShutdownGrace(Duration.ofSeconds(2)).withRetry(Duration.ofMillis(20), Duration.ofMillis(200))
                    .withIdlePolling(Duration.ofMillis(10), Duration.ofMillis(50));
            HttpMarket market = HttpMarket.connect(URI.create(proxy.url()), workerKey, Duration.ofSeconds(10),
                    Clock.system()); // the loop closes it when it stops
            {
                Worker loop = new Worker(market, settings, List.of(new ReexecKind()), WorkerDisplay.NONE,
                        Clock.system());
                WorkerStats.Snapshot totals = loop.runUntil(() -> {
                    WorkerStats.Snapshot now = loop.stats();
                    return now.completed() + now.leasesLost() + now.rejected() + now.failed() > 0;
                });

                assertThat(proxy.dropped.get()).as("the submit's answer was dropped").isEqualTo(1);
                assertThat(node.get("/v1/pouw/jobs/" + jobId).json().path("status").asString())
                        .isEqualTo("completed");
                assertThat(totals.leasesLost()).isZero();
                assertThat(totals.completed()).isEqualTo(1);
                assertThat(totals.totalReward()).isEqualTo(90);
                assertThat(node.get("/v1/ledger/accounts/" + workerKey.did()).json().path("balance").asLong())
                        .as("paid once").isEqualTo(90);
            }
        }
    }
}
