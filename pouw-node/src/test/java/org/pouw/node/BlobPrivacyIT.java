package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.SettableClock;
import org.pouw.core.job.Tier;
import org.pouw.core.work.ChallengeChannel;
import org.pouw.core.work.ProgressListener;
import org.pouw.core.work.WorkItem;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.Hex;
import org.pouw.kinds.reexec.ReexecKind;
import org.pouw.vm.Samples;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 27's first defect: blobs (programs, traces, proofs, datasets) were readable by anyone who knew their hash.
 * Now a blob is read by its owner, through a job by the job's requester, by the holder of the job's live lease (the
 * inputs its kind declares), by the prover of its result, or by the admin; everyone else gets the 404 a missing blob
 * gets. Each attack below was a 200 before.
 */
class BlobPrivacyIT {
    private static final long LEASE_MS = 10_000;

    @TempDir
    Path dir;

    final SettableClock clock = new SettableClock(1_700_000_000_000L);
    final Ed25519.KeyPair client = Ed25519.KeyPair.generate();
    final Ed25519.KeyPair worker = Ed25519.KeyPair.generate();
    final Ed25519.KeyPair other = Ed25519.KeyPair.generate();
    final Ed25519.KeyPair stranger = Ed25519.KeyPair.generate();
    RunningNode node;
    String clientToken;

    @BeforeEach
    void start() {
        node = new RunningNode(dir, Map.of("genesis", client.did() + "=1000000", "market.job_ttl_ms", "600000"),
                clock);
        clientToken = node.signIn(client);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    /** A one-job macro intent of the sample program; its job as the claim will show it. */
    String postIntent(String sample, String input) {
        ObjectNode body = RunningNode.JSON.createObjectNode().put("program", Samples.source(sample));
        body.putArray("inputs").add(input);
        body.put("max_steps", 10_000).put("tier", "macro").put("fee", 1000);
        RunningNode.Reply created = node.post("/v1/intents", body, clientToken);
        assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
        return created.json().path("job_ids").path(0).asString();
    }

    JsonNode claim(String token) {
        RunningNode.Reply claimed = node.post("/v1/pouw/jobs/claim", RunningNode.JSON.createObjectNode()
                .put("lease_ms", LEASE_MS), token);
        assertThat(claimed.status()).isEqualTo(200);
        return claimed.json().path("jobs").path(0);
    }

    RunningNode.Reply read(String key, String jobId, String token) {
        return node.get("/v1/pouw/blobs/" + key + (jobId == null ? "" : "?job_id=" + jobId), token);
    }

    static String programRef(JsonNode job) {
        return job.path("params").path("program_ref").asString();
    }

    /** Refused exactly as a blob that is not stored is: same status, code and message shape. */
    void assertHidden(RunningNode.Reply reply, String key) {
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.code()).isEqualTo("not_found");
        assertThat(reply.json().path("error").path("message").asString()).isEqualTo("blob " + key + " not found");
        assertThat(reply.bytes()).asString().doesNotContain("job");
    }

    @Test
    void theLeaseHolderReadsTheInputsOfItsJobAndTheRequesterReadsWhatTheJobNames() {
        String jobId = postIntent("fibonacci", "20");
        String workerToken = node.signIn(worker);
        JsonNode job = claim(workerToken);
        assertThat(job.path("job_id").asString()).isEqualTo(jobId);

        for (String key : new String[] {programRef(job), job.path("trace_ref").asString()}) {
            RunningNode.Reply byWorker = read(key, jobId, workerToken);
            assertThat(byWorker.status()).isEqualTo(200);
            assertThat(Hex.encode(Blake3.hash(byWorker.bytes()))).isEqualTo(key);
            assertThat(byWorker.headers().get("cache-control")).singleElement().asString().startsWith("private");
            assertThat(read(key, jobId, clientToken).status()).isEqualTo(200);
            assertThat(read(key, null, node.signIn(node.node.adminKey())).status()).isEqualTo(200);
        }
        // Without naming the job the lease is on, the worker owns nothing.
        assertHidden(read(programRef(job), null, workerToken), programRef(job));
    }

    @Test
    void aStrangerIsToldNothingWithOrWithoutNamingTheJob() {
        String jobId = postIntent("fibonacci", "20");
        JsonNode job = claim(node.signIn(worker));
        String strangerToken = node.signIn(stranger);
        String missing = "ab".repeat(32);

        assertHidden(read(missing, null, strangerToken), missing);
        for (String key : new String[] {programRef(job), job.path("trace_ref").asString()}) {
            assertHidden(read(key, null, strangerToken), key);
            assertHidden(read(key, jobId, strangerToken), key);
        }
        assertThat(node.get("/v1/pouw/blobs/" + programRef(job)).status()).as("no token").isEqualTo(401);
        assertThat(read(programRef(job), "not-a-job", strangerToken).field()).isEqualTo("job_id");
    }

    @Test
    void aProverWhoseLeaseRanOutReadsNothingMore() {
        String jobId = postIntent("fibonacci", "20");
        String workerToken = node.signIn(worker);
        JsonNode job = claim(workerToken);
        assertThat(read(programRef(job), jobId, workerToken).status()).isEqualTo(200);

        clock.advance(LEASE_MS + 1); // expired, not yet reaped: the job still says in_progress with its holder
        assertThat(node.get("/v1/pouw/jobs/" + jobId).json().path("status").asString()).isEqualTo("in_progress");

        assertHidden(read(programRef(job), jobId, workerToken), programRef(job));
        assertHidden(read(job.path("trace_ref").asString(), jobId, workerToken), job.path("trace_ref").asString());
    }

    @Test
    void aProverLeasedOnAnotherJobReadsNeitherThroughItsOwnJobNorThroughTheOther() {
        String first = postIntent("fibonacci", "20");
        JsonNode firstJob = claim(node.signIn(worker));
        String second = postIntent("power", "3");
        String otherToken = node.signIn(other);
        JsonNode secondJob = claim(otherToken);
        assertThat(secondJob.path("job_id").asString()).isEqualTo(second);
        assertThat(programRef(secondJob)).isNotEqualTo(programRef(firstJob));
        assertThat(read(programRef(secondJob), second, otherToken).status()).isEqualTo(200);

        for (String key : new String[] {programRef(firstJob), firstJob.path("trace_ref").asString()}) {
            assertHidden(read(key, first, otherToken), key);
            assertHidden(read(key, second, otherToken), key);
        }
    }

    @Test
    void theProverOfAResultKeepsReadingItAndTheLeaseEndsTheInputs() {
        String jobId = postIntent("fibonacci", "20");
        String workerToken = node.signIn(worker);
        JsonNode job = claim(workerToken);
        WorkItem item = new WorkItem(jobId, "reexec", Tier.MACRO, job.path("trace_hash").asString(),
                job.path("trace_ref").asString(), RunningNode.JSON.writeValueAsString(job.path("params")),
                key -> read(key, jobId, workerToken).bytes());
        byte[] proof = new ReexecKind().prove(item, ProgressListener.NONE, ChallengeChannel.NONE);
        RunningNode.Reply submitted = node.post("/v1/pouw/jobs/" + jobId + "/submit", RunningNode.JSON
                .createObjectNode().put("lease_token", job.path("lease").path("token").asString())
                .put("proof", Base64.getEncoder().encodeToString(proof)), workerToken);
        assertThat(submitted.status()).isEqualTo(200);
        String proofRef = submitted.json().path("job").path("proof_ref").asString();
        assertThat(proofRef).isNotEmpty();

        assertThat(read(proofRef, jobId, workerToken).bytes()).isEqualTo(proof);
        assertThat(read(proofRef, jobId, clientToken).bytes()).isEqualTo(proof);
        assertHidden(read(proofRef, jobId, node.signIn(stranger)), proofRef);
        assertHidden(read(programRef(job), jobId, workerToken), programRef(job));
    }
}
