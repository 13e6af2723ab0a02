package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 18 over HTTP, on a real node and SQLite file: {@code Idempotency-Key} on intents (defect 10), and a fresh
 * identity that claims all it can and fails it (defect 1) — capped, then refused with 429 {@code quarantined},
 * listed as such, counted by {@code pouw_provers_quarantined}, and no job dead-lettered (the market contract tests
 * show the honest work completing: MarketDefensesContract).
 */
class MarketDefensesIT {
    @TempDir
    Path dir;

    final SettableClock clock = new SettableClock(1_700_000_000_000L);
    final Ed25519.KeyPair client = Ed25519.KeyPair.generate();
    RunningNode node;

    @BeforeEach
    void start() {
        // One client posts all the work here, so one requester's open jobs must weigh every strike: the bound per
        // requester (docs/economics.md, "Strikes bounded per requester until the job is done") has its own tests
        // (StrikesPerRequesterContract); these check issue 18's quarantine over HTTP.
        node = new RunningNode(dir, Map.of("genesis", client.did() + "=1000000", "market.strikes_per_requester",
                "1000"), clock);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private RunningNode.Reply postIntent(String body, String token, String key) {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(node.base + "/v1/intents"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return node.send(request);
    }

    private long balance() {
        return node.get("/v1/ledger/accounts/" + client.did()).json().path("balance").asLong();
    }

    @Test
    void an_intent_retried_with_its_idempotency_key_is_created_once() {
        String token = node.signIn(client);
        String body = "{\"kind\":\"hash-chain\",\"seed\":\"s\",\"steps\":64,\"fee\":500}";
        RunningNode.Reply first = postIntent(body, token, "order-17");
        assertThat(first.status()).isEqualTo(201);
        long after = balance();

        // The same request, spelt differently (key order, spacing), is the same request.
        RunningNode.Reply again = postIntent("{ \"fee\": 500, \"steps\": 64, \"seed\": \"s\", \"kind\": \"hash-chain\" }",
                token, "order-17");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.headers().get("idempotent-replayed")).containsExactly("true");
        assertThat(again.json().path("intent_id").asString()).isEqualTo(first.json().path("intent_id").asString());
        assertThat(again.json().path("job_ids")).isEqualTo(first.json().path("job_ids"));
        assertThat(balance()).as("the fee was taken once").isEqualTo(after);

        RunningNode.Reply other = postIntent("{\"kind\":\"hash-chain\",\"seed\":\"s\",\"steps\":64,\"fee\":501}", token,
                "order-17");
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.code()).isEqualTo("conflict");
        assertThat(other.field()).isEqualTo("Idempotency-Key");
        assertThat(balance()).isEqualTo(after);

        RunningNode.Reply bad = postIntent(body, token, "k".repeat(256));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.field()).isEqualTo("Idempotency-Key");

        assertThat(postIntent(body, token, null).status()).as("without a key, a second intent").isEqualTo(201);
        assertThat(balance()).isEqualTo(after - 500);
    }

    @Test
    void a_fresh_identity_failing_all_it_claims_is_quarantined_and_no_job_is_dead_lettered() {
        String token = node.signIn(client);
        for (int i = 0; i < 6; i++) {
            ObjectNode body = RunningNode.JSON.createObjectNode().put("kind", "hash-chain").put("seed", "s" + i)
                    .put("steps", 64).put("fee", 100);
            assertThat(node.post("/v1/intents", body, token).status()).isEqualTo(201);
        }
        Ed25519.KeyPair griefer = Ed25519.KeyPair.generate();
        String grieferToken = node.signIn(griefer);
        RunningNode.Reply refused = null;
        for (int round = 0; round < 20 && refused == null; round++) {
            RunningNode.Reply claim = node.post("/v1/pouw/jobs/claim", "{\"max_jobs\":256}", grieferToken);
            if (claim.status() == 429) {
                refused = claim;
                break;
            }
            assertThat(claim.status()).isEqualTo(200);
            assertThat(claim.json().path("jobs").size()).as("a new identity holds at most 4 jobs").isLessThanOrEqualTo(4);
            for (JsonNode job : claim.json().path("jobs")) {
                ObjectNode fail = RunningNode.JSON.createObjectNode()
                        .put("lease_token", job.path("lease").path("token").asString()).put("reason", "grief");
                assertThat(node.post("/v1/pouw/jobs/" + job.path("job_id").asString() + "/fail", fail,
                        grieferToken).status()).isEqualTo(200);
            }
        }

        assertThat(refused).isNotNull();
        assertThat(refused.code()).isEqualTo("quarantined");
        assertThat(refused.json().path("error").path("message").asString()).contains("budget 5");
        assertThat(refused.headers()).containsKey("retry-after");
        long untilMs = Long.parseLong(refused.json().path("error").path("message").asString()
                .replaceAll(".*until (\\d+) ms.*", "$1"));
        assertThat(Long.parseLong(refused.headers().get("retry-after").getFirst()))
                .as("Retry-After is the time left in the quarantine, not a second")
                .isEqualTo(Math.ceilDiv(untilMs - clock.millis(), 1_000L));
        JsonNode listed = null;
        for (JsonNode prover : node.get("/v1/pouw/provers").json().path("provers")) {
            if (prover.path("prover_id").asString().equals(griefer.did().toString())) {
                listed = prover;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.path("standing").asString()).isEqualTo("quarantined");
        assertThat(listed.path("standing_until_ms").asLong()).isGreaterThan(clock.millis());
        assertThat(listed.path("quarantine_reason").asString()).contains("budget 5");
        assertThat(new String(node.get("/v1/pouw/metrics").bytes(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("pouw_provers_quarantined 1.0");
        assertThat(node.get("/v1/pouw/dead-letter").json().path("jobs")).isEmpty();
        assertThat(node.get("/v1/pouw/jobs?status=pending").json().path("jobs")).hasSize(6);
    }

    /**
     * Behind a trusted proxy the quarantine's address prefix is the client's, from {@code X-Forwarded-For}, not the
     * proxy's: a swarm behind one address is quarantined as a prefix, and a newcomer behind the same proxy from
     * another address still claims. Without the trust the proxy's clients would be one prefix, and a swarm would get
     * every honest client behind it refused.
     */
    @Test
    void behind_a_trusted_proxy_the_quarantined_prefix_is_the_clients_not_the_proxys() {
        node.close();
        node = new RunningNode(dir.resolve("proxied"), Map.of("genesis", client.did() + "=1000000",
                "http.trusted_proxies", "127.0.0.1", "market.strike_budget", "50", "market.network_strike_budget", "4",
                "market.strikes_per_requester", "1000"),
                clock);
        String token = node.signIn(client);
        for (int i = 0; i < 8; i++) {
            ObjectNode body = RunningNode.JSON.createObjectNode().put("kind", "hash-chain").put("seed", "p" + i)
                    .put("steps", 64).put("fee", 100);
            assertThat(node.post("/v1/intents", body, token).status()).isEqualTo(201);
        }
        String swarm = "203.0.113.7";
        RunningNode.Reply refused = null;
        for (int member = 0; member < 10 && refused == null; member++) {
            String memberToken = node.signIn(Ed25519.KeyPair.generate());
            RunningNode.Reply claim = claimFrom(swarm, memberToken);
            if (claim.status() == 429) {
                refused = claim;
                break;
            }
            for (JsonNode job : claim.json().path("jobs")) {
                ObjectNode fail = RunningNode.JSON.createObjectNode()
                        .put("lease_token", job.path("lease").path("token").asString()).put("reason", "grief");
                assertThat(node.post("/v1/pouw/jobs/" + job.path("job_id").asString() + "/fail", fail,
                        memberToken).status()).isEqualTo(200);
            }
        }
        assertThat(refused).as("the swarm's address prefix is quarantined").isNotNull();
        assertThat(refused.code()).isEqualTo("quarantined");

        RunningNode.Reply fromSwarm = claimFrom(swarm, node.signIn(Ed25519.KeyPair.generate()));
        assertThat(fromSwarm.status()).as("a fresh identity from the swarm's address").isEqualTo(429);
        RunningNode.Reply elsewhere = claimFrom("198.51.100.9", node.signIn(Ed25519.KeyPair.generate()));
        assertThat(elsewhere.status()).as("a newcomer behind the same proxy from another address").isEqualTo(200);
        assertThat(elsewhere.json().path("jobs").size()).isPositive();
    }

    private RunningNode.Reply claimFrom(String clientAddress, String token) {
        return node.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(node.base + "/v1/pouw/jobs/claim"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .header("X-Forwarded-For", clientAddress)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"max_jobs\":256}")));
    }
}
