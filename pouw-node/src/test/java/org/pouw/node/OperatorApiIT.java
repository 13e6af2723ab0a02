package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;
import org.pouw.vm.Samples;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The operator's verbs over HTTP on a real node (issue 25, defect 8): only the admin key acts, a stranger's call
 * changes nothing, a pause answers claims 503 {@code claiming_paused} with a Retry-After while posting goes on and
 * {@code /readyz} and the status say so, a ban refuses the prover's claims, a cancel refunds once.
 */
class OperatorApiIT {
    @TempDir
    Path dir;

    private final Ed25519.KeyPair client = Ed25519.KeyPair.generate();
    private final Ed25519.KeyPair prover = Ed25519.KeyPair.generate();
    private RunningNode node;
    private String admin;
    private String adminDid;
    private String stranger;
    private String clientToken;
    private String proverToken;

    @BeforeEach
    void start() throws Exception {
        node = new RunningNode(dir, Map.of("genesis", client.did() + "=100000"), Clock.system());
        Ed25519.KeyPair adminKey = KeyFile.load(dir.resolve("admin.key"));
        adminDid = adminKey.did().toString();
        admin = node.signIn(adminKey);
        stranger = node.signIn(Ed25519.KeyPair.generate());
        clientToken = node.signIn(client);
        proverToken = node.signIn(prover);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private String postIntent() {
        ObjectNode body = RunningNode.JSON.createObjectNode().put("program", Samples.source("fibonacci"));
        body.putArray("inputs").add(12);
        body.put("max_steps", 1_000).put("tier", "macro").put("fee", 500);
        RunningNode.Reply posted = node.post("/v1/intents", body, clientToken);
        assertThat(posted.status()).isEqualTo(201);
        return posted.json().path("job_ids").get(0).asString();
    }

    private RunningNode.Reply claim(String token) {
        return node.post("/v1/pouw/jobs/claim", "{\"max_jobs\": 1}", token);
    }

    private long balance(String did) {
        return node.get("/v1/ledger/accounts/" + did).json().path("balance").asLong();
    }

    @Test
    void a_stranger_cannot_cancel_and_the_admins_cancel_refunds_once() {
        String jobId = postIntent();
        long before = balance(client.did().toString());

        RunningNode.Reply refused = node.post("/v1/admin/jobs/" + jobId + "/cancel", "{}", stranger);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(node.post("/v1/admin/jobs/" + jobId + "/cancel", "{}", null).status()).isEqualTo(401);
        assertThat(node.get("/v1/pouw/jobs/" + jobId).json().path("status").asString()).isEqualTo("pending");
        assertThat(balance(client.did().toString())).isEqualTo(before);

        RunningNode.Reply cancelled = node.post("/v1/admin/jobs/" + jobId + "/cancel",
                "{\"reason\": \"posted twice\"}", admin);
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().path("job").path("status").asString()).isEqualTo("failed");
        long refund = cancelled.json().path("refund").asLong();
        assertThat(refund).isPositive();
        JsonNode action = cancelled.json().path("action");
        assertThat(action.path("action").asString()).isEqualTo("job.cancel");
        assertThat(action.path("admin").asString()).isEqualTo(adminDid);
        assertThat(action.path("ledger_seqs")).hasSize(1);
        assertThat(balance(client.did().toString())).isEqualTo(before + refund);

        RunningNode.Reply again = node.post("/v1/admin/jobs/" + jobId + "/cancel", "{}", admin);
        assertThat(again.status()).isEqualTo(409);
        assertThat(balance(client.did().toString())).isEqualTo(before + refund);
        assertThat(node.post("/v1/admin/jobs/not-a-job/cancel", "{}", admin).status()).isEqualTo(404);
        assertThat(node.post("/v1/admin/jobs/" + jobId + "/cancel", "{\"reasons\": 1}", admin).field())
                .isEqualTo("reasons");
    }

    @Test
    void a_pause_answers_claims_503_with_retry_after_and_readiness_says_so() {
        postIntent();
        assertThat(node.post("/v1/admin/claiming/pause", "{}", stranger).status()).isEqualTo(403);

        RunningNode.Reply paused = node.post("/v1/admin/claiming/pause", "{\"reason\": \"upgrade\"}", admin);
        assertThat(paused.status()).isEqualTo(200);
        assertThat(paused.json().path("claiming").asString()).isEqualTo("paused");

        RunningNode.Reply refused = claim(proverToken);
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.code()).isEqualTo("claiming_paused");
        assertThat(refused.headers().get("retry-after")).isNotEmpty();
        RunningNode.Reply ready = node.get("/readyz");
        assertThat(ready.status()).as("a pause never makes the node unready").isEqualTo(200);
        assertThat(ready.json().path("claiming").asString()).isEqualTo("paused");
        assertThat(node.get("/v1/pouw/system/status").json().path("claiming").path("reason").asString())
                .isEqualTo("upgrade");
        postIntent(); // posting still works
        assertThat(node.post("/v1/admin/claiming/pause", "{}", admin).status()).isEqualTo(409);

        assertThat(node.post("/v1/admin/claiming/resume", "{}", admin).status()).isEqualTo(200);
        assertThat(claim(proverToken).status()).isEqualTo(200);
        assertThat(node.get("/readyz").json().path("claiming").asString()).isEqualTo("open");
    }

    @Test
    void a_banned_prover_is_refused_until_unbanned_and_its_lease_ends() {
        String jobId = postIntent();
        assertThat(claim(proverToken).status()).isEqualTo(200);
        String did = prover.did().toString();

        RunningNode.Reply banned = node.post("/v1/admin/provers/" + did + "/ban", "{\"reason\": \"spam\"}", admin);
        assertThat(banned.status()).isEqualTo(200);
        assertThat(banned.json().path("leases_ended").get(0).asString()).isEqualTo(jobId);
        assertThat(node.get("/v1/pouw/jobs/" + jobId).json().path("status").asString()).isEqualTo("pending");
        RunningNode.Reply refused = claim(proverToken);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("prover_banned");
        assertThat(node.get("/v1/admin/bans", admin).json().path("bans").get(0).path("prover").asString())
                .isEqualTo(did);
        assertThat(node.get("/v1/admin/bans", stranger).status()).isEqualTo(403);

        assertThat(node.post("/v1/admin/provers/" + did + "/unban", "{}", admin).status()).isEqualTo(200);
        assertThat(claim(proverToken).status()).isEqualTo(200);
        assertThat(node.post("/v1/admin/provers/" + did + "/unban", "{}", admin).status()).isEqualTo(404);
    }

    @Test
    void the_token_secrets_are_named_by_fingerprint_to_the_admin_only() {
        RunningNode.Reply secrets = node.get("/v1/admin/token-secrets", admin);
        assertThat(secrets.status()).isEqualTo(200);
        assertThat(secrets.json().path("issuing").asString()).matches("[0-9a-f]{16}");
        assertThat(secrets.json().path("accepted").isNull()).isTrue();
        assertThat(node.get("/v1/admin/token-secrets", stranger).status()).isEqualTo(403);
    }
}
