package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.Clock;
import org.pouw.core.work.ChallengeChannel;
import org.pouw.core.work.ProgressListener;
import org.pouw.core.work.WorkFailedException;
import org.pouw.core.work.WorkItem;
import org.pouw.core.work.WorkProver;
import org.pouw.crypto.Ed25519;
import org.pouw.kinds.reexec.ReexecKind;
import org.pouw.node.pool.OwnWorkers;
import org.pouw.vm.Samples;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Disabled mode's "run until done": the node's own worker loop proves over the in-process market until none of the
 * intent's jobs is pending or in progress, then returns — whether they completed or ran out of retries.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OwnWorkersIT {
    @TempDir
    Path dir;

    final Ed25519.KeyPair client = Ed25519.KeyPair.generate();
    final Ed25519.KeyPair own = Ed25519.KeyPair.generate();

    /** A micro intent of several segment jobs on a remote-mode node, so nothing else proves them; its job ids. */
    List<String> postIntent(RunningNode node) {
        ObjectNode body = RunningNode.JSON.createObjectNode().put("program", Samples.source("fibonacci"));
        body.putArray("inputs").add(30);
        body.put("max_steps", 10_000).put("tier", "micro").put("fee", 300);
        List<String> ids = new ArrayList<>();
        node.post("/v1/intents", body, node.signIn(client)).json().path("job_ids")
                .forEach(id -> ids.add(id.asString()));
        return ids;
    }

    String status(RunningNode node, String jobId) {
        return node.get("/v1/pouw/jobs/" + jobId).json().path("status").asString();
    }

    @Test
    void provesEveryJobOfTheIntentAndReturnsWhenTheyAreDone() {
        try (RunningNode node = new RunningNode(dir, Map.of("intents.segment_steps", "50",
                "genesis", client.did() + "=1000"), Clock.system())) {
            List<String> jobs = postIntent(node);
            assertThat(jobs).hasSizeGreaterThan(1);

            new OwnWorkers(node.node.market(), List.of(new ReexecKind()), own.did().toString(), Clock.system())
                    .proveUntilDone(jobs);

            assertThat(jobs).allSatisfy(id -> assertThat(status(node, id)).isEqualTo("completed"));
            assertThat(node.get("/v1/ledger/accounts/" + own.did()).json().path("balance").asLong())
                    .as("4 jobs of fee 75, each paying floor(90%) = 67").isEqualTo(268);
        }
    }

    @Test
    void returnsOnceAJobIsOutOfRetriesInsteadOfWaitingForIt() {
        try (RunningNode node = new RunningNode(dir, Map.of("intents.segment_steps", "50",
                "genesis", client.did() + "=1000"), Clock.system())) {
            List<String> jobs = postIntent(node);
            AtomicInteger tries = new AtomicInteger();
            WorkProver failing = new WorkProver() {
                @Override
                public String kind() {
                    return "reexec";
                }

                @Override
                public byte[] prove(WorkItem item, ProgressListener progress, ChallengeChannel verifier) {
                    tries.incrementAndGet();
                    throw new WorkFailedException("this prover never manages");
                }
            };

            new OwnWorkers(node.node.market(), List.of(failing), own.did().toString(), Clock.system())
                    .proveUntilDone(jobs);

            assertThat(jobs).allSatisfy(id -> assertThat(status(node, id)).isEqualTo("dead_letter"));
            JsonNode first = node.get("/v1/pouw/jobs/" + jobs.getFirst()).json();
            assertThat(tries.get()).isEqualTo(jobs.size() * first.path("max_retries").asInt());
            assertThat(node.get("/v1/pouw/jobs/" + jobs.getFirst() + "/history").json().path("attempts"))
                    .allSatisfy(attempt -> assertThat(attempt.path("reason").asString())
                            .isEqualTo("this prover never manages"));
        }
    }
}
