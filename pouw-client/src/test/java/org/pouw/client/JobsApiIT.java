package org.pouw.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pouw.client.jobs.BatchSubmission;
import org.pouw.client.jobs.LeasedJob;
import org.pouw.client.jobs.ProofOutcome;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;

/** The worker's side of the market as the client sends and reads it: claim, submit (JSON and raw), batch, fail. */
class JobsApiIT {
    private static final String JOB = "0123456789abcdef0123456789abcdef";
    private static final String CLAIMED = """
            {"jobs":[{"job_id":"%s","kind":"reexec","tier":"micro","status":"in_progress","params":{"segment":[0,64]},
            "fee_budget":80,"reward_budget":70,"lease_expires_at_ms":99,"max_retries":3,"attempts":1,
            "lease":{"token":"lease-1","expires_at_ms":99}}]}""".formatted(JOB);

    private StubNode node;
    private PouwClient client;

    @BeforeEach
    void start() throws Exception {
        node = new StubNode();
        client = new PouwClient(node.uri(), Ed25519.KeyPair.generate(), Duration.ofSeconds(5), Clock.system());
    }

    @AfterEach
    void stop() {
        client.close();
        node.close();
    }

    @Test
    void claimSendsTheFiltersAndReadsJobsWithTheirLeases() {
        node.answer("POST /v1/pouw/jobs/claim", 200, CLAIMED);
        List<LeasedJob> jobs = client.jobs().claim(List.of("reexec"), List.of("micro"), 4, 30_000);
        assertThat(jobs).singleElement().satisfies(leased -> {
            assertThat(leased.job().jobId()).isEqualTo(JOB);
            assertThat(leased.job().params().toString()).isEqualTo("{\"segment\":[0,64]}");
            assertThat(leased.job().rewardBudget()).isEqualTo(70);
            assertThat(leased.lease().token()).isEqualTo("lease-1");
            assertThat(leased.lease().toString()).doesNotContain("lease-1");
        });
        assertThat(node.received("POST", "/v1/pouw/jobs/claim").getFirst().json().toString())
                .isEqualTo("{\"kinds\":[\"reexec\"],\"tiers\":[\"micro\"],\"max_jobs\":4,\"lease_ms\":30000}");
    }

    @Test
    void anEmptyQueueIsAnEmptyList() {
        node.answer("POST /v1/pouw/jobs/claim", 204, "");
        assertThat(client.jobs().claim(List.of(), List.of(), 1, 1000)).isEmpty();
    }

    @Test
    void aClaimedJobWithoutALeaseTokenIsABadResponse() {
        node.answer("POST /v1/pouw/jobs/claim", 200, CLAIMED.replace("\"token\":\"lease-1\",", ""));
        assertThatThrownBy(() -> client.jobs().claim(List.of(), List.of(), 1, 1000))
                .isInstanceOfSatisfying(NodeException.class, e -> {
                    assertThat(e.code()).isEqualTo("bad_response");
                    assertThat(e.getMessage()).contains("'token'");
                });
    }

    @Test
    void anInvalidProofIsARejectedOutcomeWithTheVerdict() {
        node.answer("POST /v1/pouw/jobs/" + JOB + "/submit", 422, """
                {"error":{"code":"proof_invalid","message":"proof rejected"},
                 "verdict":{"accepted":false,"reason":"mismatch","detail":"final state differs"}}""");
        ProofOutcome outcome = client.jobs().submit(JOB, "lease-1", new byte[] {1, 2});
        assertThat(outcome.accepted()).isFalse();
        assertThat(outcome.reason()).isEqualTo("mismatch");
        assertThat(outcome.detail()).isEqualTo("final state differs");
        assertThat(node.received("POST", "/v1/pouw/jobs/" + JOB + "/submit").getFirst().json().toString())
                .isEqualTo("{\"lease_token\":\"lease-1\",\"proof\":\"AQI=\"}");
    }

    @Test
    void aLargeProofGoesAsRawBytesWithTheLeaseTokenInAHeader() {
        node.answer("POST /v1/pouw/jobs/" + JOB + "/submit", 200,
                "{\"verdict\":{\"accepted\":true,\"reason\":\"ok\"},\"reward\":25,\"ledger_seq\":9}");
        byte[] proof = new byte[JobsApi.RAW_PROOF_BYTES + 1];
        ProofOutcome outcome = client.jobs().submit(JOB, "lease-1", proof);
        assertThat(outcome).isEqualTo(ProofOutcome.accepted(JOB, 25, 9));
        StubNode.Received sent = node.received("POST", "/v1/pouw/jobs/" + JOB + "/submit").getFirst();
        assertThat(sent.header("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(sent.header(JobsApi.LEASE_TOKEN_HEADER)).isEqualTo("lease-1");
        assertThat(sent.body()).hasSize(proof.length);
    }

    @Test
    void aBatchGivesOneOutcomePerSubmissionInOrder() {
        node.answer("POST /v1/pouw/jobs/submit-batch", 200, """
                {"results":[{"job_id":"a","outcome":"accepted","reward":5,"ledger_seq":3,"message":""},
                            {"job_id":"b","outcome":"lease_lost","reward":0,"ledger_seq":-1,"message":"lease moved on"}]}""");
        List<ProofOutcome> outcomes = client.jobs().submitBatch(List.of(new BatchSubmission("a", "t", new byte[] {1}),
                new BatchSubmission("b", "u", new byte[] {2})));
        assertThat(outcomes).containsExactly(ProofOutcome.accepted("a", 5, 3),
                ProofOutcome.rejected("b", "lease_lost", "lease moved on"));
        assertThat(node.received("POST", "/v1/pouw/jobs/submit-batch").getFirst().json().path("submissions")
                .path(1).path("proof").asString()).isEqualTo(Base64.getEncoder().encodeToString(new byte[] {2}));
    }

    @Test
    void aLostLeaseIsAnErrorThatSaysSo() {
        node.answer("POST /v1/pouw/jobs/" + JOB + "/renew", 409,
                "{\"error\":{\"code\":\"lease_lost\",\"message\":\"the lease moved on\"}}");
        assertThatThrownBy(() -> client.jobs().renew(JOB, "lease-1", 60_000))
                .isInstanceOfSatisfying(NodeException.class, e -> {
                    assertThat(e.isLeaseLost()).isTrue();
                    assertThat(e.isTransient()).isFalse();
                });
    }

    @Test
    void failureReasonsAreCutToWhatTheNodeTakes() {
        node.answer("POST /v1/pouw/jobs/" + JOB + "/fail", 200, "{\"job\":{\"job_id\":\"" + JOB + "\"}}");
        client.jobs().fail(JOB, "lease-1", "x".repeat(5000));
        client.jobs().fail(JOB, "lease-1", " ");
        List<StubNode.Received> sent = node.received("POST", "/v1/pouw/jobs/" + JOB + "/fail");
        assertThat(sent.get(0).json().path("reason").asString()).hasSize(JobsApi.MAX_REASON_CHARS).endsWith("...");
        assertThat(sent.get(1).json().path("reason").asString()).isEqualTo("worker gave up");
    }
}
