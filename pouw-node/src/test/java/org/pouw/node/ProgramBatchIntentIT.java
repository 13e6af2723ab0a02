package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
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
import org.pouw.kinds.vmstark.VmBatchKind;
import org.pouw.vm.Samples;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 22 §3, the {@code full} tier on a {@code zk_mode = "stark"} node: program intents wait for a batch, the
 * node gathers them under its step budget and count cap, one {@code vm-batch} proof (the batch AIR, id 4) settles
 * each intent exactly once, and the attacks the issue names are refused — the batch proof resubmitted for another
 * batch of identical intents, and a proof bound to another prover.
 */
class ProgramBatchIntentIT {
    private static final Map<String, String> BATCHING = Map.of("zk_mode", "stark",
            "intents.batch_max_intents", "3", "intents.batch_step_budget", "2000", "intents.batch_max_wait_ms",
            "600000");

    @TempDir
    Path dir;

    final Ed25519.KeyPair client = Ed25519.KeyPair.generate();
    final Ed25519.KeyPair worker = Ed25519.KeyPair.generate();
    final Ed25519.KeyPair other = Ed25519.KeyPair.generate();

    static ObjectNode program(String sample, long... inputs) {
        ObjectNode intent = RunningNode.JSON.createObjectNode().put("program", Samples.source(sample))
                .put("max_steps", 1_000).put("fee", 100).put("tier", "full");
        for (long input : inputs) {
            intent.withArray("inputs").add(Long.toString(input));
        }
        return intent;
    }

    static Map<String, String> settings(Ed25519.KeyPair client, Map<String, String> more) {
        Map<String, String> all = new java.util.HashMap<>(BATCHING);
        all.put("genesis", client.did() + "=100000");
        all.putAll(more);
        return all;
    }

    /** Three intents, which fill a batch at once (the count cap is 3). */
    List<String> submitThree(RunningNode node, String token) {
        List<String> intents = new ArrayList<>();
        for (ObjectNode request : List.of(program("fibonacci", 12), program("power", 3, 5), program("harmonic", 9))) {
            RunningNode.Reply created = node.post("/v1/intents", request, token);
            assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
            intents.add(created.json().path("intent_id").asString());
        }
        return intents;
    }

    WorkItem leased(RunningNode node, JsonNode job, Ed25519.KeyPair prover, String proverToken) {
        return new WorkItem(job.path("job_id").asString(), VmBatchKind.NAME, Tier.FULL,
                job.path("trace_hash").asString(), job.path("trace_ref").asString(),
                RunningNode.JSON.writeValueAsString(job.path("params")),
                key -> node.get("/v1/pouw/blobs/" + key + "?job_id=" + job.path("job_id").asString(), proverToken)
                        .bytes()).forProver(Did.of(prover.did().toString()));
    }

    RunningNode.Reply submit(RunningNode node, JsonNode job, byte[] proof, String token) {
        return node.post("/v1/pouw/jobs/" + job.path("job_id").asString() + "/submit", RunningNode.JSON
                .createObjectNode().put("lease_token", job.path("lease").path("token").asString())
                .put("proof", Base64.getEncoder().encodeToString(proof)), token);
    }

    /** Claims the next batch, waiting (generously, the machine may be loaded) for the node to form it. */
    JsonNode claimBatch(RunningNode node, String token) {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            JsonNode job = node.post("/v1/pouw/jobs/claim", "{\"kinds\":[\"vm-batch\"]}", token).json().path("jobs")
                    .path(0);
            if (!job.isMissingNode()) {
                return job;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no batch was formed within 60 s");
    }

    /** An intent is read by its requester (intents are private, issue 27). */
    String status(RunningNode node, String intentId, String requesterToken) {
        return node.get("/v1/intents/" + intentId, requesterToken).json().path("status").asString();
    }

    /** A program of {@code instructions} instructions that jumps over its filler straight to its halt. */
    static ObjectNode largeProgram(int instructions) {
        StringBuilder source = new StringBuilder("jmp end\n");
        source.append("li r1 0\n".repeat(instructions - 2));
        source.append("end: halt\n");
        return RunningNode.JSON.createObjectNode().put("program", source.toString()).put("max_steps", 10)
                .put("fee", 100).put("tier", "full");
    }

    /**
     * A batch's lookup table holds every member's program: two 40,000-instruction programs are each provable, but
     * not together (65,535 at most). Before, the batcher counted only steps, formed all three intents into one batch
     * that no prover could prove, and the batch held them for a lease before it dissolved.
     */
    @Test
    void programsThatTogetherOverflowTheBatchTableAreNotBatchedTogether() {
        try (RunningNode node = new RunningNode(dir, settings(client, Map.of("http.max_body_bytes", "4194304")),
                Clock.system())) {
            String token = node.signIn(client);
            String workerToken = node.signIn(worker);
            for (ObjectNode request : List.of(largeProgram(40_000), largeProgram(40_001), program("power", 3, 5))) {
                RunningNode.Reply created = node.post("/v1/intents", request, token);
                assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
            }
            JsonNode batch = claimBatch(node, workerToken);
            assertThat(batch.path("params").path("members").size())
                    .as("the first large program alone: the second would overflow the table").isEqualTo(1);
            assertThat(node.post("/v1/pouw/jobs/claim", "{\"kinds\":[\"vm-batch\"]}", workerToken).json()
                    .path("jobs").size()).as("the other two wait for more (they fit, but are not yet a full batch)")
                    .isZero();
        }
    }

    @Test
    void fullIntentsAreProvenInOneBatchAndEachSettledOnce() {
        try (RunningNode node = new RunningNode(dir, settings(client, Map.of()), Clock.system())) {
            String token = node.signIn(client);
            String workerToken = node.signIn(worker);
            List<String> intents = submitThree(node, token);
            assertThat(node.post("/v1/pouw/jobs/claim", "{}", workerToken).json().path("jobs").size())
                    .as("a job waiting for a batch is never claimed alone").isZero();

            JsonNode batch = claimBatch(node, workerToken);
            assertThat(batch.path("kind").asString()).isEqualTo("vm-batch");
            assertThat(batch.path("params").path("members").size()).isEqualTo(3);
            byte[] proof = new VmBatchKind().prove(leased(node, batch, worker, workerToken), ProgressListener.NONE,
                    ChallengeChannel.NONE);
            RunningNode.Reply accepted = submit(node, batch, proof, workerToken);
            assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(200);

            long paid = 0;
            for (String intent : intents) {
                assertThat(status(node, intent, token)).isEqualTo("proven");
                JsonNode job = node.get("/v1/pouw/jobs/" + node.get("/v1/intents/" + intent, token).json()
                        .path("job_ids")
                        .path(0).asString(), workerToken).json();
                assertThat(job.path("status").asString()).isEqualTo("completed");
                paid += job.path("reward_budget").asLong();
            }
            assertThat(paid).isPositive();
            assertThat(node.get("/v1/ledger/accounts/" + worker.did()).json().path("balance").asLong())
                    .as("every intent's reward, each once").isEqualTo(paid);
            assertThat(submit(node, batch, proof, workerToken).status()).as("the same proof again").isEqualTo(409);
        }
    }

    @Test
    void aBatchProofIsRefusedForAnotherBatchOfIdenticalIntentsAndForAnotherProver() {
        try (RunningNode node = new RunningNode(dir, settings(client, Map.of()), Clock.system())) {
            String token = node.signIn(client);
            String workerToken = node.signIn(worker);
            String otherToken = node.signIn(other);
            submitThree(node, token);
            JsonNode first = claimBatch(node, workerToken);
            byte[] firstProof = new VmBatchKind().prove(leased(node, first, worker, workerToken),
                    ProgressListener.NONE, ChallengeChannel.NONE);
            assertThat(submit(node, first, firstProof, workerToken).status()).isEqualTo(200);

            List<String> second = submitThree(node, token);
            JsonNode again = claimBatch(node, workerToken);
            assertThat(again.path("job_id").asString()).isNotEqualTo(first.path("job_id").asString());
            assertThat(again.path("params").path("members").path(0).path("run"))
                    .isEqualTo(first.path("params").path("members").path(0).path("run"));
            RunningNode.Reply replayed = submit(node, again, firstProof, workerToken);
            assertThat(replayed.status()).isEqualTo(422);
            assertThat(replayed.json().toString()).contains("job");
            assertThat(second).allSatisfy(intent -> assertThat(status(node, intent, token)).isEqualTo("proving"));

            submitThree(node, token);
            JsonNode third = claimBatch(node, workerToken);
            byte[] boundToOther = new VmBatchKind().prove(leased(node, third, other, workerToken),
                    ProgressListener.NONE, ChallengeChannel.NONE);
            RunningNode.Reply stolen = submit(node, third, boundToOther, workerToken);
            assertThat(stolen.status()).isEqualTo(422);
            assertThat(stolen.json().toString()).contains("prover");
        }
    }
}
