package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.SettableClock;
import org.pouw.core.job.Tier;
import org.pouw.core.work.ChallengeChannel;
import org.pouw.core.work.ProgressListener;
import org.pouw.core.work.WorkItem;
import org.pouw.crypto.Ed25519;
import org.pouw.kinds.reexec.ReexecKind;
import org.pouw.vm.Samples;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The job market over real HTTP against a real node on SQLite: the §5 endpoints and §6 lease rules end to end. */
class NodeApiIT {
    @TempDir
    Path dir;

    final SettableClock clock = new SettableClock(1_700_000_000_000L);
    final Ed25519.KeyPair client = Ed25519.KeyPair.generate();
    final Ed25519.KeyPair worker = Ed25519.KeyPair.generate();
    RunningNode node;

    @BeforeEach
    void start() {
        node = new RunningNode(dir, Map.of("genesis", client.did() + "=1000000", "market.max_retries", "2",
                "market.job_ttl_ms", "600000"), clock);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    ObjectNode intent(String sample, String input, String tier, long fee) {
        ObjectNode body = RunningNode.JSON.createObjectNode();
        body.put("program", Samples.source(sample));
        body.putArray("inputs").add(input);
        return body.put("max_steps", 10_000).put("tier", tier).put("fee", fee);
    }

    /** What an honest worker submits: the reexec proof computed from blobs it fetches over HTTP through its lease. */
    byte[] honestProof(JsonNode job, String workerToken) {
        String jobId = job.path("job_id").asString();
        WorkItem item = new WorkItem(jobId, job.path("kind").asString(), Tier.MACRO,
                job.path("trace_hash").asString(), job.path("trace_ref").asString(),
                RunningNode.JSON.writeValueAsString(job.path("params")),
                key -> node.get("/v1/pouw/blobs/" + key + "?job_id=" + jobId, workerToken).bytes());
        return new ReexecKind().prove(item, ProgressListener.NONE, ChallengeChannel.NONE);
    }

    ObjectNode submitBody(String token, byte[] proof) {
        return RunningNode.JSON.createObjectNode().put("lease_token", token)
                .put("proof", Base64.getEncoder().encodeToString(proof));
    }

    /** Issue 27: with levels on, a job's history says under which level each attempt was taken. */
    @Test
    void aJobsHistoryShowsTheLevelEachAttemptWasTakenAt() {
        node.close();
        node = new RunningNode(dir.resolve("levels"), Map.of("genesis", client.did() + "=1000000",
                "market.reputation.levels", "true"), clock);
        String clientToken = node.signIn(client);
        String jobId = node.post("/v1/intents", intent("fibonacci", "20", "macro", 1000), clientToken).json()
                .path("job_ids").path(0).asString();
        String workerToken = node.signIn(worker);
        JsonNode job = node.post("/v1/pouw/jobs/claim", "{}", workerToken).json().path("jobs").path(0);
        assertThat(node.post("/v1/pouw/jobs/" + jobId + "/submit",
                submitBody(job.path("lease").path("token").asString(), honestProof(job, workerToken)), workerToken)
                .status()).isEqualTo(200);
        JsonNode attempt = node.get("/v1/pouw/jobs/" + jobId + "/history").json().path("attempts").path(0);
        assertThat(attempt.path("level").asString()).as("a new identity").isEqualTo("probation");
        assertThat(attempt.path("audit_level").isNull()).as("reexec has no commitment").isTrue();
    }

    @Test
    void anIntentBecomesAJobThatIsClaimedVerifiedAndPaidOnce() {
        String clientToken = node.signIn(client);
        RunningNode.Reply created = node.post("/v1/intents", intent("fibonacci", "20", "macro", 1000), clientToken);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("status").asString()).isEqualTo("proving");
        assertThat(created.json().path("output").path(1).asString()).as("r1 = F(20)").isEqualTo("6765");
        String jobId = created.json().path("job_ids").path(0).asString();
        assertThat(node.get("/v1/pouw/pool").json().path("reserved").asLong()).isEqualTo(1000);
        assertThat(node.get("/v1/ledger/accounts/" + client.did()).json().path("balance").asLong())
                .isEqualTo(999_000);

        String workerToken = node.signIn(worker);
        RunningNode.Reply claimed = node.post("/v1/pouw/jobs/claim",
                RunningNode.JSON.createObjectNode().put("max_jobs", 4), workerToken);
        assertThat(claimed.status()).isEqualTo(200);
        JsonNode job = claimed.json().path("jobs").path(0);
        assertThat(job.path("job_id").asString()).isEqualTo(jobId);
        String lease = job.path("lease").path("token").asString();

        assertThat(node.post("/v1/pouw/jobs/claim", "{}", workerToken).status()).isEqualTo(204);
        RunningNode.Reply staleRenew = node.post("/v1/pouw/jobs/" + jobId + "/renew",
                RunningNode.JSON.createObjectNode().put("lease_token", "not-the-token"), workerToken);
        assertThat(staleRenew.status()).isEqualTo(409);
        assertThat(staleRenew.code()).isEqualTo("lease_lost");

        RunningNode.Reply bad = node.post("/v1/pouw/jobs/" + jobId + "/submit", submitBody(lease, new byte[] {1, 2}),
                workerToken);
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.code()).isEqualTo("proof_invalid");
        assertThat(bad.json().path("job").path("status").asString()).isEqualTo("pending");

        JsonNode again = node.post("/v1/pouw/jobs/claim", "{}", workerToken).json().path("jobs").path(0);
        String lease2 = again.path("lease").path("token").asString();
        byte[] proof = honestProof(again, workerToken);
        RunningNode.Reply late = node.post("/v1/pouw/jobs/" + jobId + "/submit", submitBody(lease, proof), workerToken);
        assertThat(late.status()).as("the first lease moved on").isEqualTo(409);
        RunningNode.Reply good = node.post("/v1/pouw/jobs/" + jobId + "/submit", submitBody(lease2, proof),
                workerToken);
        assertThat(good.status()).isEqualTo(200);
        assertThat(good.json().path("reward").asLong()).isEqualTo(900);
        assertThat(node.post("/v1/pouw/jobs/" + jobId + "/submit", submitBody(lease2, proof), workerToken).status())
                .as("a second submission of the same lease pays nothing").isEqualTo(409);

        assertThat(node.get("/v1/ledger/accounts/" + worker.did()).json().path("balance").asLong()).isEqualTo(900);
        JsonNode pool = node.get("/v1/pouw/pool").json();
        assertThat(pool.path("total_paid").asLong()).isEqualTo(900);
        assertThat(pool.path("reserved").asLong()).isZero();
        assertThat(pool.path("balance").asLong()).isEqualTo(100);
        JsonNode intent = node.get("/v1/intents/" + created.json().path("intent_id").asString(), clientToken).json();
        assertThat(intent.path("status").asString()).isEqualTo("proven");
        JsonNode history = node.get("/v1/pouw/jobs/" + jobId + "/history").json().path("attempts");
        assertThat(history).hasSize(2);
        assertThat(history.path(0).path("outcome").asString()).isEqualTo("proof_invalid");
        assertThat(history.path(1).path("outcome").asString()).isEqualTo("completed");
        assertThat(history.path(1).path("level").isNull()).as("levels off: no level recorded").isTrue();
        assertThat(history.path(1).path("audit_level").isNull()).isTrue();
        JsonNode provers = node.get("/v1/pouw/provers").json().path("provers");
        assertThat(provers.findValuesAsString("prover_id")).contains(worker.did().toString());
        String metrics = new String(node.get("/v1/pouw/metrics").bytes(), StandardCharsets.UTF_8);
        assertThat(metrics).contains("pouw_jobs_failed_total{kind=\"reexec\",reason=\"proof_invalid\"} 1.0")
                .contains("pouw_jobs_completed_total{kind=\"reexec\"} 1.0")
                .contains("pouw_rewards_paid_total 900.0")
                .contains("pouw_proof_verification_seconds_bucket");
    }

    @Test
    void microIntentsBecomeOneJobPerSegment() {
        String token = node.signIn(client);
        RunningNode.Reply created = node.post("/v1/intents", intent("fibonacci", "40", "micro", 1001), token);
        assertThat(created.status()).isEqualTo(201);
        int jobs = created.json().path("job_ids").size();
        assertThat(jobs).isGreaterThan(0);
        JsonNode page = node.get("/v1/pouw/jobs/pending?tier=micro&limit=2").json();
        assertThat(page.path("jobs")).hasSizeLessThanOrEqualTo(2);
        assertThat(node.get("/v1/pouw/system/status").json().path("queue").path("pending_count").asLong())
                .isEqualTo(jobs);
    }

    @Test
    void failedAttemptsEndInTheDeadLetterQueueWhichOnlyTheAdminCanRetry() {
        String token = node.signIn(client);
        String workerToken = node.signIn(worker);
        // The worker first completes a job: a new identity's unaudited failures do not spend retries (issue 18).
        node.post("/v1/intents", intent("power", "2", "macro", 10), token);
        JsonNode earned = node.post("/v1/pouw/jobs/claim", "{}", workerToken).json().path("jobs").path(0);
        assertThat(node.post("/v1/pouw/jobs/" + earned.path("job_id").asString() + "/submit",
                submitBody(earned.path("lease").path("token").asString(), honestProof(earned, workerToken)), workerToken)
                .status()).isEqualTo(200);
        String jobId = node.post("/v1/intents", intent("power", "3", "macro", 10), token).json()
                .path("job_ids").path(0).asString();
        for (int attempt = 1; attempt <= 2; attempt++) {
            String lease = node.post("/v1/pouw/jobs/claim", "{}", workerToken).json().path("jobs").path(0)
                    .path("lease").path("token").asString();
            RunningNode.Reply failed = node.post("/v1/pouw/jobs/" + jobId + "/fail", RunningNode.JSON
                    .createObjectNode().put("lease_token", lease).put("reason", "gpu on fire " + attempt), workerToken);
            assertThat(failed.status()).isEqualTo(200);
        }
        JsonNode dead = node.get("/v1/pouw/dead-letter").json().path("jobs");
        assertThat(dead).hasSize(1);
        assertThat(dead.path(0).path("attempt_history").findValuesAsString("reason"))
                .containsExactly("gpu on fire 1", "gpu on fire 2");
        RunningNode.Reply forbidden = node.post("/v1/pouw/dead-letter/" + jobId + "/retry", "{}", workerToken);
        assertThat(forbidden.status()).isEqualTo(403);
        String admin = node.signIn(node.node.adminKey());
        RunningNode.Reply retried = node.post("/v1/pouw/dead-letter/" + jobId + "/retry", "{}", admin);
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.json().path("job").path("status").asString()).isEqualTo("pending");
    }

    @Test
    void expiredLeasesReturnAndPastDeadlineJobsAreRefunded() {
        String token = node.signIn(client);
        String jobId = node.post("/v1/intents", intent("power", "3", "macro", 50), token).json()
                .path("job_ids").path(0).asString();
        node.post("/v1/pouw/jobs/claim", RunningNode.JSON.createObjectNode().put("lease_ms", 1000),
                node.signIn(worker));
        clock.advance(1001);
        node.node.market().reap(100);
        JsonNode job = node.get("/v1/pouw/jobs/" + jobId).json();
        assertThat(job.path("status").asString()).isEqualTo("pending");
        assertThat(node.get("/v1/pouw/jobs/" + jobId + "/history").json().path("attempts").path(0)
                .path("outcome").asString()).isEqualTo("lease_expired");

        clock.advance(600_000);
        node.node.market().reap(100);
        assertThat(node.get("/v1/pouw/jobs/" + jobId).json().path("status").asString()).isEqualTo("expired");
        assertThat(node.get("/v1/pouw/pool").json().path("total_refunded").asLong()).isEqualTo(50);
        assertThat(node.get("/v1/ledger/accounts/" + client.did()).json().path("balance").asLong())
                .isEqualTo(1_000_000);
    }

    @Test
    void transfersAreIdempotent() {
        String token = node.signIn(client);
        ObjectNode body = RunningNode.JSON.createObjectNode().put("to", worker.did().toString()).put("amount", 25)
                .put("idempotency_key", "k1");
        assertThat(node.post("/v1/ledger/transfers", body, token).status()).isEqualTo(200);
        assertThat(node.post("/v1/ledger/transfers", body, token).status()).isEqualTo(200);
        assertThat(node.get("/v1/ledger/accounts/" + worker.did()).json().path("balance").asLong()).isEqualTo(25);
        body.put("amount", 26);
        RunningNode.Reply reused = node.post("/v1/ledger/transfers", body, token);
        assertThat(reused.status()).isEqualTo(409);
        assertThat(reused.field()).isEqualTo("idempotency_key");
    }

    @Test
    void aProofCanBeSubmittedAsRawBytesWithTheLeaseTokenInAHeader() {
        String clientToken = node.signIn(client);
        String jobId = node.post("/v1/intents", intent("fibonacci", "12", "macro", 1000), clientToken).json()
                .path("job_ids").path(0).asString();
        String workerToken = node.signIn(worker);
        JsonNode job = node.post("/v1/pouw/jobs/claim", "{}", workerToken).json().path("jobs").path(0);
        String lease = job.path("lease").path("token").asString();
        BiFunction<String, byte[], RunningNode.Reply> raw = (token, bytes) -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create(node.base + "/v1/pouw/jobs/" + jobId + "/submit"))
                    .header("Content-Type", "application/octet-stream").header("Authorization", "Bearer " + workerToken)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
            if (token != null) {
                request.header("Pouw-Lease-Token", token);
            }
            return node.send(request);
        };

        RunningNode.Reply noToken = raw.apply(null, honestProof(job, workerToken));
        assertThat(noToken.status()).isEqualTo(400);
        assertThat(noToken.field()).isEqualTo("Pouw-Lease-Token");
        assertThat(raw.apply("not-the-token", honestProof(job, workerToken)).status()).isEqualTo(409);
        RunningNode.Reply good = raw.apply(lease, honestProof(job, workerToken));
        assertThat(good.status()).isEqualTo(200);
        assertThat(good.json().path("reward").asLong()).isEqualTo(900);
        assertThat(node.post("/v1/pouw/jobs/" + jobId + "/commit", RunningNode.JSON.createObjectNode()
                .put("lease_token", lease).put("commitment", "AA=="), workerToken).status()).isEqualTo(409);
    }
}
