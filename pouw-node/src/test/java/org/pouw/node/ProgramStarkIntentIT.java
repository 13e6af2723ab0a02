package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.Clock;
import org.pouw.core.id.Did;
import org.pouw.core.job.Tier;
import org.pouw.core.work.ChallengeChannel;
import org.pouw.core.work.ProgressListener;
import org.pouw.core.work.WorkItem;
import org.pouw.crypto.Ed25519;
import org.pouw.kinds.vmstark.VmStarkKind;
import org.pouw.vm.Samples;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 22: on a {@code zk_mode = "stark"} node a program intent becomes one {@code vm-stark} job, proven with the VM
 * AIR and checked by the node against its own execution record; a changed proof is refused, the honest one paid,
 * and the paid proof replayed for a second identical intent is refused.
 */
class ProgramStarkIntentIT {
    @TempDir
    Path dir;

    final Ed25519.KeyPair client = Ed25519.KeyPair.generate();
    final Ed25519.KeyPair worker = Ed25519.KeyPair.generate();

    ObjectNode fibonacci(int n) {
        ObjectNode intent = RunningNode.JSON.createObjectNode().put("program", Samples.source("fibonacci"))
                .put("max_steps", 10_000).put("fee", 100);
        intent.putArray("inputs").add(Integer.toString(n));
        return intent;
    }

    WorkItem leased(RunningNode node, JsonNode job) {
        return new WorkItem(job.path("job_id").asString(), VmStarkKind.NAME, Tier.MACRO,
                job.path("trace_hash").asString(), job.path("trace_ref").asString(),
                RunningNode.JSON.writeValueAsString(job.path("params")),
                key -> node.get("/v1/pouw/blobs/" + key + "?job_id=" + job.path("job_id").asString(), node.signIn(worker))
                        .bytes()).forProver(Did.of(worker.did().toString()));
    }

    RunningNode.Reply submit(RunningNode node, JsonNode job, byte[] proof, String token) {
        return node.post("/v1/pouw/jobs/" + job.path("job_id").asString() + "/submit", RunningNode.JSON
                .createObjectNode().put("lease_token", job.path("lease").path("token").asString())
                .put("proof", Base64.getEncoder().encodeToString(proof)), token);
    }

    JsonNode claim(RunningNode node, String token) {
        return node.post("/v1/pouw/jobs/claim", "{\"kinds\":[\"vm-stark\"]}", token).json().path("jobs").path(0);
    }

    @Test
    void aProgramIntentIsProvenWithTheVmAirAndPaidOnce() {
        try (RunningNode node = new RunningNode(dir, Map.of("zk_mode", "stark", "market.max_retries", "5",
                "genesis", client.did() + "=1000"), Clock.system())) {
            String token = node.signIn(client);
            RunningNode.Reply created = node.post("/v1/intents", fibonacci(12), token);
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.json().path("output").path(1).asString()).isEqualTo("144");
            assertThat(created.json().path("job_ids").size()).isEqualTo(1);

            String workerToken = node.signIn(worker);
            JsonNode job = claim(node, workerToken);
            assertThat(job.path("kind").asString()).isEqualTo("vm-stark");
            byte[] proof = new VmStarkKind().prove(leased(node, job), ProgressListener.NONE, ChallengeChannel.NONE);
            byte[] forged = proof.clone();
            forged[forged.length / 2] ^= 1;
            assertThat(submit(node, job, forged, workerToken).status()).isEqualTo(422);

            JsonNode again = claim(node, workerToken);
            assertThat(again.path("job_id").asString()).isEqualTo(job.path("job_id").asString());
            RunningNode.Reply accepted = submit(node, again, proof, workerToken);
            assertThat(accepted.status()).isEqualTo(200);
            assertThat(accepted.json().path("reward").asLong()).isPositive();
            assertThat(node.get("/v1/intents/" + created.json().path("intent_id").asString(), token).json().path("status")
                    .asString()).isEqualTo("proven");

            assertThat(node.post("/v1/intents", fibonacci(12), token).status()).isEqualTo(201);
            JsonNode second = claim(node, workerToken);
            assertThat(second.path("job_id").asString()).isNotEqualTo(job.path("job_id").asString());
            assertThat(second.path("params")).isEqualTo(job.path("params"));
            RunningNode.Reply replayed = submit(node, second, proof, workerToken);
            assertThat(replayed.status()).isEqualTo(422);
            assertThat(replayed.json().toString()).contains("another job");
        }
    }

    /** A micro intent: segments of 31 steps, each its own job, proven and paid; the intent is proven when all are. */
    @Test
    void aMicroProgramIntentIsProvenInSegments() {
        try (RunningNode node = new RunningNode(dir, Map.of("zk_mode", "stark", "intents.segment_steps", "40",
                "genesis", client.did() + "=1000"), Clock.system())) {
            String token = node.signIn(client);
            RunningNode.Reply created = node.post("/v1/intents", fibonacci(12).put("tier", "micro"), token);
            assertThat(created.status()).isEqualTo(201);
            int jobs = created.json().path("job_ids").size();
            assertThat(jobs).isEqualTo(3);
            String workerToken = node.signIn(worker);
            for (int i = 0; i < jobs; i++) {
                JsonNode job = claim(node, workerToken);
                byte[] proof = new VmStarkKind().prove(leased(node, job), ProgressListener.NONE,
                        ChallengeChannel.NONE);
                assertThat(submit(node, job, proof, workerToken).status()).isEqualTo(200);
            }
            assertThat(node.get("/v1/intents/" + created.json().path("intent_id").asString(), token).json().path("status")
                    .asString()).isEqualTo("proven");
        }
    }
}
