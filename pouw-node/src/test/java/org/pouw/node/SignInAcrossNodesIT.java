package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.Clock;
import org.pouw.core.job.Tier;
import org.pouw.core.work.ChallengeChannel;
import org.pouw.core.work.ProgressListener;
import org.pouw.core.work.WorkItem;
import org.pouw.crypto.Ed25519;
import org.pouw.kinds.reexec.ReexecKind;
import org.pouw.vm.Samples;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sign-in with many nodes (issue 27, item 7, and two of its defects), over HTTP on one real PostgreSQL: a client
 * asks node A for a challenge and exchanges it at node B (before, challenges lived in A's memory and B refused it);
 * the signed challenge, replayed to either node, is refused; and a flood of challenge requests from one client
 * address (the old single cap of 100,000 outstanding challenges for everyone) locks out neither another address nor
 * the did the flood named.
 */
class SignInAcrossNodesIT {
    @TempDir
    Path dir;

    @Test
    void aChallengeFromOneNodeIsExchangedAtAnotherAndOnlyOnce() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            Map<String, String> shared = shared(postgres);
            try (RunningNode a = new RunningNode(dir.resolve("a"), shared, Clock.system());
                 RunningNode b = new RunningNode(dir.resolve("b"), shared, Clock.system())) {
                Ed25519.KeyPair alice = Ed25519.KeyPair.generate();
                String challenge = challenge(a, alice, null).json().path("challenge").asString();
                ObjectNode exchange = signed(alice, challenge);

                RunningNode.Reply atB = b.post("/v1/auth/token", exchange, null);
                assertThat(atB.status()).as(atB.json().toString()).isEqualTo(200);
                String token = atB.json().path("token").asString();
                assertThat(claim(a, token).status()).as("the token works on the node that issued the challenge"
                        + " (204: signed in, nothing to claim)").isEqualTo(204);

                for (RunningNode node : new RunningNode[] {a, b}) {
                    RunningNode.Reply replay = node.post("/v1/auth/token", exchange, null);
                    assertThat(replay.status()).as("the same signed challenge again").isEqualTo(401);
                    assertThat(replay.field()).isEqualTo("challenge");
                }
                assertThat(claim(b, "not-a-token").status()).isEqualTo(401);
            }
        }
    }

    /**
     * Issue 27's "done when": two nodes on one PostgreSQL serve one client who signs in on one and works through the
     * other. The client signs in on A only and, with that token, posts an intent at B and reads it at A; a worker
     * signs in on B, claims the job at A, reads its inputs at B and submits its proof at A; the client then sees its
     * intent proven, and its own service level, at B.
     */
    @Test
    void aClientSignedInOnOneNodeWorksThroughTheOther() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            Ed25519.KeyPair client = Ed25519.KeyPair.generate();
            Ed25519.KeyPair worker = Ed25519.KeyPair.generate();
            Map<String, String> settings = new HashMap<>(shared(postgres));
            settings.put("genesis", client.did() + "=1000000");
            try (RunningNode a = new RunningNode(dir.resolve("a"), settings, Clock.system());
                 RunningNode b = new RunningNode(dir.resolve("b"), settings, Clock.system())) {
                String clientToken = a.signIn(client);
                ObjectNode body = RunningNode.JSON.createObjectNode().put("program", Samples.source("fibonacci"));
                body.putArray("inputs").add("20");
                body.put("max_steps", 10_000).put("tier", "macro").put("fee", 10_000);
                RunningNode.Reply posted = b.post("/v1/intents", body, clientToken);
                assertThat(posted.status()).as(posted.json().toString()).isBetween(200, 201);
                String intentId = posted.json().path("intent_id").asString();
                String jobId = posted.json().path("job_ids").path(0).asString();
                assertThat(a.get("/v1/intents/" + intentId, clientToken).status()).isEqualTo(200);

                String workerToken = b.signIn(worker);
                RunningNode.Reply claimed = a.post("/v1/pouw/jobs/claim", "{}", workerToken);
                assertThat(claimed.status()).as(claimed.json().toString()).isEqualTo(200);
                JsonNode job = claimed.json().path("jobs").path(0);
                assertThat(job.path("job_id").asString()).isEqualTo(jobId);
                WorkItem item = new WorkItem(jobId, "reexec", Tier.MACRO, job.path("trace_hash").asString(),
                        job.path("trace_ref").asString(), RunningNode.JSON.writeValueAsString(job.path("params")),
                        key -> b.get("/v1/pouw/blobs/" + key + "?job_id=" + jobId, workerToken).bytes());
                byte[] proof = new ReexecKind().prove(item, ProgressListener.NONE, ChallengeChannel.NONE);
                RunningNode.Reply submitted = a.post("/v1/pouw/jobs/" + jobId + "/submit", RunningNode.JSON
                        .createObjectNode().put("lease_token", job.path("lease").path("token").asString())
                        .put("proof", Base64.getEncoder().encodeToString(proof)), workerToken);
                assertThat(submitted.status()).as(submitted.json().toString()).isEqualTo(200);

                assertThat(b.get("/v1/intents/" + intentId, clientToken).json().path("status").asString())
                        .isEqualTo("proven");
                JsonNode yours = b.get("/v1/pouw/market", clientToken).json().path("yours");
                assertThat(yours.path(0).path("completed").asLong()).isEqualTo(1);
                assertThat(a.get("/v1/ledger/accounts/" + worker.did()).json().path("balance").asLong())
                        .as("paid once, seen from either node").isPositive();
            }
        }
    }

    @Test
    void aFloodOfChallengeRequestsFromOneAddressLocksOutNeitherAnotherAddressNorTheDidItNamed() throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of("http.trusted_proxies", "127.0.0.1",
                "rate_limits.auth.address_per_minute", "60", "rate_limits.auth.address_burst", "20"));
        try (RunningNode node = new RunningNode(dir.resolve("solo"), settings, Clock.system())) {
            Ed25519.KeyPair victim = Ed25519.KeyPair.generate();
            String flooder = "203.0.113.7";
            int refused = 0;
            for (int i = 0; i < 200; i++) {
                // the flood names the victim's did: a limit per did would spend the victim's quota
                RunningNode.Reply reply = challenge(node, victim, flooder);
                if (reply.status() == 429) {
                    refused++;
                } else {
                    assertThat(reply.status()).isEqualTo(200);
                }
            }
            assertThat(refused).as("the flooding address is limited").isGreaterThan(100);

            RunningNode.Reply fresh = challenge(node, victim, "198.51.100.9");
            assertThat(fresh.status()).as("the victim, from its own address").isEqualTo(200);
            HttpRequest.Builder exchange = HttpRequest.newBuilder(URI.create(node.base + "/v1/auth/token"))
                    .header("Content-Type", "application/json").header("X-Forwarded-For", "198.51.100.9")
                    .POST(HttpRequest.BodyPublishers.ofString(RunningNode.JSON.writeValueAsString(
                            signed(victim, fresh.json().path("challenge").asString()))));
            assertThat(node.send(exchange).status()).isEqualTo(200);
        }
    }

    /**
     * Rotating the token secret with two active secrets (issue 25): mid-rotation, node A still issues with the old
     * secret and accepts the new, node B issues with the new and accepts the old, so a client signed in at either
     * is served by both, and a sign-in challenge from one is exchanged at the other. Node C has dropped the old
     * secret: a token made with it is refused there.
     */
    @Test
    void duringARotationTokensAndChallengesOfEitherSecretWorkOnEveryNodeHoldingBothAndTheRetiredOneNowhereElse()
            throws Exception {
        Path old = dir.resolve("old.secret");
        Path fresh = dir.resolve("new.secret");
        org.pouw.node.auth.Tokens.createSecret(old);
        org.pouw.node.auth.Tokens.createSecret(fresh);
        try (RunningNode a = new RunningNode(dir.resolve("ra"), Map.of("auth.token_secret_file", old.toString(),
                "auth.accepted_token_secret_file", fresh.toString()), Clock.system());
             RunningNode b = new RunningNode(dir.resolve("rb"), Map.of("auth.token_secret_file", fresh.toString(),
                     "auth.accepted_token_secret_file", old.toString()), Clock.system());
             RunningNode c = new RunningNode(dir.resolve("rc"), Map.of("auth.token_secret_file", fresh.toString()),
                     Clock.system())) {
            Ed25519.KeyPair alice = Ed25519.KeyPair.generate();
            String atA = a.post("/v1/auth/token", signed(alice, challenge(a, alice, null).json().path("challenge")
                    .asString()), null).json().path("token").asString();
            assertThat(claim(a, atA).status()).isEqualTo(204);
            assertThat(claim(b, atA).status()).as("an old-secret token at a node that accepts the old").isEqualTo(204);
            assertThat(claim(c, atA).status()).as("at a node that retired the old secret").isEqualTo(401);

            Ed25519.KeyPair bob = Ed25519.KeyPair.generate();
            String fromB = challenge(b, bob, null).json().path("challenge").asString();
            RunningNode.Reply exchangedAtA = a.post("/v1/auth/token", signed(bob, fromB), null);
            assertThat(exchangedAtA.status()).as("a new-secret challenge at a node that accepts the new")
                    .isEqualTo(200);
            String bobs = exchangedAtA.json().path("token").asString();
            assertThat(claim(b, bobs).status()).isEqualTo(204);
            assertThat(claim(c, bobs).status()).as("A still issues with the old secret").isEqualTo(401);

            Ed25519.KeyPair carol = Ed25519.KeyPair.generate();
            String atB = b.post("/v1/auth/token", signed(carol, challenge(b, carol, null).json().path("challenge")
                    .asString()), null).json().path("token").asString();
            for (RunningNode node : new RunningNode[] {a, b, c}) {
                assertThat(claim(node, atB).status()).as("a new-secret token is taken everywhere").isEqualTo(204);
            }
        }
    }

    private Map<String, String> shared(EmbeddedPostgres postgres) {
        return Map.of("storage.backend", "postgresql", "storage.url", postgres.getJdbcUrl("postgres", "postgres"),
                "storage.user", "postgres", "auth.token_secret_file", TokenSecretFile.shared(dir));
    }

    private static RunningNode.Reply challenge(RunningNode node, Ed25519.KeyPair key, String forwardedFor) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.base + "/v1/auth/challenge"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"did\":\"" + key.did() + "\"}"));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return node.send(request);
    }

    private static RunningNode.Reply claim(RunningNode node, String token) {
        return node.post("/v1/pouw/jobs/claim", "{\"max_jobs\":1}", token);
    }

    private static ObjectNode signed(Ed25519.KeyPair key, String challenge) {
        String signature = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(key.sign(("pouw-auth-v1:" + challenge).getBytes(StandardCharsets.UTF_8)));
        return RunningNode.JSON.createObjectNode().put("did", key.did().toString()).put("challenge", challenge)
                .put("signature", signature);
    }
}
