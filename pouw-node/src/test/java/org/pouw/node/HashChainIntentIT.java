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
import org.pouw.kinds.hashchain.HashChainKind;
import org.pouw.stark.HashChainStark;
import org.pouw.stark.air.hashchain.HashChain;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Issue 3 item 7: hash-chain intents become STARK proof jobs that the node verifies through the WorkKind port. */
class HashChainIntentIT {
    @TempDir
    Path dir;

    final Ed25519.KeyPair client = Ed25519.KeyPair.generate();
    final Ed25519.KeyPair worker = Ed25519.KeyPair.generate();
    final Ed25519.KeyPair thief = Ed25519.KeyPair.generate();

    WorkItem leased(RunningNode node, JsonNode job, Ed25519.KeyPair prover) {
        return new WorkItem(job.path("job_id").asString(), "hash-chain", Tier.MACRO,
                job.path("trace_hash").asString(), job.path("trace_ref").asString(),
                RunningNode.JSON.writeValueAsString(job.path("params")),
                key -> node.get("/v1/pouw/blobs/" + key + "?job_id=" + job.path("job_id").asString(), node.signIn(prover))
                        .bytes()).forProver(Did.of(prover.did().toString()));
    }

    RunningNode.Reply submit(RunningNode node, JsonNode job, byte[] proof, String token) {
        return node.post("/v1/pouw/jobs/" + job.path("job_id").asString() + "/submit", RunningNode.JSON
                .createObjectNode().put("lease_token", job.path("lease").path("token").asString())
                .put("proof", Base64.getEncoder().encodeToString(proof)), token);
    }

    JsonNode claim(RunningNode node, String token) {
        return node.post("/v1/pouw/jobs/claim", "{\"kinds\":[\"hash-chain\"]}", token).json().path("jobs").path(0);
    }

    /**
     * Issue 22: a paid proof is public, and a second intent with the same chain makes a second job with the same
     * (seed, steps, output). Neither the thief, submitting the finished job's proof for the second job, nor the
     * honest prover, replaying its own proof there, is paid: the node binds the statement to the job it verifies
     * and the DID holding its lease, from its own records.
     */
    @Test
    void aProofStolenFromAFinishedJobOrReplayedForAnIdenticalJobIsRefused() {
        try (RunningNode node = new RunningNode(dir, Map.of("zk_mode", "stark", "genesis", client.did() + "=1000"),
                Clock.system())) {
            String token = node.signIn(client);
            assertThat(node.post("/v1/intents", chain("twice", 4), token).status()).isEqualTo(201);
            String workerToken = node.signIn(worker);
            String thiefToken = node.signIn(thief);
            JsonNode first = claim(node, workerToken);
            byte[] paid = new HashChainKind().prove(leased(node, first, worker), ProgressListener.NONE,
                    ChallengeChannel.NONE);
            assertThat(submit(node, first, paid, workerToken).status()).isEqualTo(200);

            assertThat(node.post("/v1/intents", chain("twice", 4), token).status()).isEqualTo(201);
            JsonNode second = claim(node, thiefToken);
            assertThat(second.path("job_id").asString()).isNotEqualTo(first.path("job_id").asString());
            assertThat(second.path("params")).isEqualTo(first.path("params"));
            RunningNode.Reply stolen = submit(node, second, paid, thiefToken);
            assertThat(stolen.status()).isEqualTo(422);
            assertThat(stolen.json().toString()).contains("statement_mismatch");

            JsonNode again = claim(node, workerToken);
            assertThat(again.path("job_id").asString()).isEqualTo(second.path("job_id").asString());
            RunningNode.Reply replayed = submit(node, again, paid, workerToken);
            assertThat(replayed.status()).isEqualTo(422);
            assertThat(replayed.json().toString()).contains("another job");
            assertThat(node.get("/v1/pouw/system/status").json().path("queue").path("pending_count").asLong())
                    .as("the second job waits for an honest proof").isEqualTo(1);
        }
    }

    ObjectNode chain(String seed, long steps) {
        return RunningNode.JSON.createObjectNode().put("kind", "hash-chain").put("seed", seed).put("steps", steps)
                .put("fee", 100);
    }

    @Test
    void aHashChainIntentIsProvenWithAStarkAndPaid() {
        try (RunningNode node = new RunningNode(dir, Map.of("zk_mode", "stark", "genesis", client.did() + "=1000"),
                Clock.system())) {
            assertThat(node.get("/v1/pouw/system/status").json().path("zk_mode").asString()).isEqualTo("stark");
            String token = node.signIn(client);
            RunningNode.Reply created = node.post("/v1/intents", chain("pouw", 8), token);
            assertThat(created.status()).isEqualTo(201);
            long[] expected = HashChain.run(HashChainStark.seedFromText("pouw"), 8);
            assertThat(created.json().path("output").path(0).asString()).isEqualTo(Long.toUnsignedString(expected[0]));

            String workerToken = node.signIn(worker);
            JsonNode job = node.post("/v1/pouw/jobs/claim", "{\"kinds\":[\"hash-chain\"]}", workerToken).json()
                    .path("jobs").path(0);
            assertThat(job.path("kind").asString()).isEqualTo("hash-chain");
            WorkItem item = new WorkItem(job.path("job_id").asString(), "hash-chain", Tier.MACRO,
                    job.path("trace_hash").asString(), job.path("trace_ref").asString(),
                    RunningNode.JSON.writeValueAsString(job.path("params")),
                    key -> node.get("/v1/pouw/blobs/" + key + "?job_id=" + job.path("job_id").asString(),
                            workerToken).bytes()).forProver(Did.of(worker.did().toString()));
            byte[] proof = new HashChainKind().prove(item, ProgressListener.NONE, ChallengeChannel.NONE);
            byte[] forged = proof.clone();
            forged[forged.length / 2] ^= 1;
            String lease = job.path("lease").path("token").asString();
            String jobId = job.path("job_id").asString();
            RunningNode.Reply rejected = node.post("/v1/pouw/jobs/" + jobId + "/submit", RunningNode.JSON
                    .createObjectNode().put("lease_token", lease)
                    .put("proof", Base64.getEncoder().encodeToString(forged)), workerToken);
            assertThat(rejected.status()).isEqualTo(422);

            String lease2 = node.post("/v1/pouw/jobs/claim", "{}", workerToken).json().path("jobs").path(0)
                    .path("lease").path("token").asString();
            RunningNode.Reply accepted = node.post("/v1/pouw/jobs/" + jobId + "/submit", RunningNode.JSON
                    .createObjectNode().put("lease_token", lease2)
                    .put("proof", Base64.getEncoder().encodeToString(proof)), workerToken);
            assertThat(accepted.status()).isEqualTo(200);
            assertThat(accepted.json().path("reward").asLong()).isEqualTo(90);
            assertThat(node.get("/v1/intents/" + created.json().path("intent_id").asString(), token).json().path("status")
                    .asString()).isEqualTo("proven");
        }
    }

    /**
     * The job goes back to the queue after its prover gives it up, proof in hand; another prover leases it and
     * submits that proof. It is refused (made for another leaseholder), and the job stays open for honest work,
     * which the first prover, leasing it again, is paid for.
     */
    @Test
    void aProofStolenForTheSameRequeuedJobIsRefused() {
        try (RunningNode node = new RunningNode(dir, Map.of("zk_mode", "stark", "market.max_retries", "5",
                "genesis", client.did() + "=1000"), Clock.system())) {
            assertThat(node.post("/v1/intents", chain("requeued", 4), node.signIn(client)).status()).isEqualTo(201);
            String workerToken = node.signIn(worker);
            String thiefToken = node.signIn(thief);
            JsonNode leasedByWorker = claim(node, workerToken);
            String jobId = leasedByWorker.path("job_id").asString();
            byte[] proof = new HashChainKind().prove(leased(node, leasedByWorker, worker), ProgressListener.NONE,
                    ChallengeChannel.NONE);
            assertThat(node.post("/v1/pouw/jobs/" + jobId + "/fail", RunningNode.JSON.createObjectNode()
                    .put("lease_token", leasedByWorker.path("lease").path("token").asString())
                    .put("reason", "stepping away"), workerToken).status()).isEqualTo(200);

            JsonNode leasedByThief = claim(node, thiefToken);
            assertThat(leasedByThief.path("job_id").asString()).isEqualTo(jobId);
            RunningNode.Reply stolen = submit(node, leasedByThief, proof, thiefToken);
            assertThat(stolen.status()).isEqualTo(422);
            assertThat(stolen.json().toString()).contains("another prover");

            JsonNode again = claim(node, workerToken);
            assertThat(again.path("job_id").asString()).isEqualTo(jobId);
            RunningNode.Reply honest = submit(node, again, proof, workerToken);
            assertThat(honest.status()).isEqualTo(200);
            assertThat(honest.json().path("reward").asLong()).isPositive();
        }
    }

    @Test
    void badHashChainIntentsNameTheField() {
        try (RunningNode node = new RunningNode(dir, Map.of("zk_mode", "stark", "intents.max_chain_steps", "64",
                "genesis", client.did() + "=1000"), Clock.system())) {
            String token = node.signIn(client);
            assertThat(node.post("/v1/intents", chain("x", 65), token).field()).isEqualTo("steps");
            assertThat(node.post("/v1/intents", chain("x", 0), token).field()).isEqualTo("steps");
            assertThat(node.post("/v1/intents", chain("x", 4).put("program", "halt"), token).field())
                    .isEqualTo("program");
            assertThat(node.post("/v1/intents", chain("x", 4).put("kind", "poem"), token).field()).isEqualTo("kind");
            RunningNode.Reply full = node.post("/v1/intents", RunningNode.JSON.createObjectNode()
                    .put("program", "halt").put("max_steps", 20_000).put("tier", "full"), token);
            assertThat(full.status()).as("a full intent must fit one batch").isEqualTo(400);
            assertThat(full.field()).isEqualTo("max_steps");
            assertThat(node.get("/v1/pouw/system/status").json().path("queue").path("pending_count").asLong())
                    .isZero();
        }
    }

    /**
     * Work no worker could deliver is refused at posting over HTTP (issue 27, item 3): a chain whose trace needs more
     * memory than the node's cap, or whose hashes at the slowest speed assumed of a worker overrun the deadline.
     */
    @Test
    void chainsNoWorkerCouldProveInMemoryOrInTimeAreRefusedNamingSteps() {
        try (RunningNode node = new RunningNode(dir, Map.of("zk_mode", "stark", "intents.max_chain_steps", "8192",
                "market.max_job_memory_mb", "16", "market.slowest_units_per_second.hash-chain", "100",
                "market.job_ttl_ms", "60000", "genesis", client.did() + "=100000"), Clock.system())) {
            String token = node.signIn(client);
            RunningNode.Reply large = node.post("/v1/intents", chain("x", 4_096), token);
            assertThat(large.status()).isEqualTo(400);
            assertThat(large.field()).isEqualTo("steps");
            assertThat(large.json().toString()).contains("market.max_job_memory_mb");
            RunningNode.Reply slow = node.post("/v1/intents", chain("x", 6_001), token);
            assertThat(slow.field()).isEqualTo("steps");
            assertThat(slow.json().toString()).contains("market.job_ttl_ms", "market.slowest_units_per_second");
            assertThat(node.get("/v1/pouw/system/status").json().path("queue").path("pending_count").asLong())
                    .isZero();
            assertThat(node.post("/v1/intents", chain("x", 64), token).status()).as("small and quick enough")
                    .isBetween(200, 201);
        }
    }
}
