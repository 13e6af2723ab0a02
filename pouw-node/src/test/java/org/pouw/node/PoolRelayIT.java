package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.jcs.JcsValue;

/**
 * The node's pool client (issue 23 §5) against a real HTTP server standing in for the pool: a share sent to the node
 * is checked there, relayed and paid for with the pool's attestation; refusals never trip the breaker (the review's
 * attack: anyone can send bad shares); a pool that is gone, failing, slow or answering garbage gets the miner 503
 * {@code pool_unavailable} with a Retry-After while {@code pow} tokens keep working, and the breaker half-opens and
 * closes when the pool is back. Metrics are read from a parsed scrape of the node's own endpoint.
 */
class PoolRelayIT {
    private static final String AUDIENCE = "node-a";
    private static final long DIFFICULTY = 256;

    @TempDir
    Path dir;

    private final Ed25519.KeyPair poolKey = Ed25519.KeyPair.generate();
    private final Ed25519.KeyPair miner = Ed25519.KeyPair.generate();
    private StandInPool pool;
    private RunningNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
        if (pool != null) {
            pool.close();
        }
    }

    private void start(Map<String, String> clientSettings) throws Exception {
        pool = new StandInPool(poolKey, AUDIENCE);
        Map<String, String> settings = new HashMap<>(Map.of("gate.enabled", "true", "tokens.audience", AUDIENCE,
                "pools.trusted", "pool-1=" + HexFormat.of().formatHex(poolKey.publicKey()),
                "pools.min_share_bits", "8", "mining_pool.enabled", "true", "mining_pool.pool_url", pool.url(),
                "mining_pool.max_retries", "1", "mining_pool.timeout_seconds", "3"));
        settings.putAll(clientSettings);
        node = new RunningNode(dir, settings, Clock.system());
    }

    private RunningNode.Reply relay(JcsValue.Obj share) {
        return node.post("/v1/tokens", RelayedShareMaker.request(share, miner, AUDIENCE), null);
    }

    private ScrapedMetrics scrape() {
        return ScrapedMetrics.parse(new String(node.get("/v1/pouw/metrics").bytes(), StandardCharsets.UTF_8));
    }

    private double breaker(String state) {
        return scrape().value("pouw_pool_client_breaker_state", Map.of("pool", pool.url(), "state", state))
                .orElseThrow();
    }

    @Test
    void aShareRelayedThroughThePoolBuysOneTokenForItsMiner() throws Exception {
        start(Map.of());
        JcsValue.Obj share = RelayedShareMaker.share(node, miner, DIFFICULTY, "a");
        RunningNode.Reply token = relay(share);
        assertThat(token.status()).as(token.json().toString()).isEqualTo(200);
        assertThat(token.json().path("mode").asString()).isEqualTo("pool_validated");
        assertThat(token.json().path("sub").asString()).isEqualTo(miner.did().toString());
        RunningNode.Reply again = relay(share);
        assertThat(again.status()).as(again.json().toString()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("replayed");
        assertThat(scrape().value("pouw_pool_client_relays_total", Map.of("outcome", "attested")))
                .hasValue(2.0);
    }

    @Test
    void garbageNeverTripsTheBreakerWhetherTheNodeOrThePoolRefusesIt() throws Exception {
        start(Map.of("mining_pool.circuit_breaker_threshold", "5"));
        JcsValue.Obj share = RelayedShareMaker.share(node, miner, DIFFICULTY, "g");
        // Garbage the node sees through itself: a share signed by someone else never reaches the pool.
        Ed25519.KeyPair stranger = Ed25519.KeyPair.generate();
        for (int i = 0; i < 50; i++) {
            RunningNode.Reply refused = node.post("/v1/tokens", RelayedShareMaker.request(share, stranger,
                    AUDIENCE), null);
            assertThat(refused.status()).isEqualTo(401);
        }
        assertThat(pool.received()).isZero();
        // Garbage only the pool can judge: 100 refusals of every 4xx kind, 429 included.
        pool.behave(StandInPool.Behaviour.REFUSE);
        for (int i = 0; i < 100; i++) {
            RunningNode.Reply refused = relay(share);
            assertThat(refused.status()).as(refused.json().toString()).isEqualTo(422);
            assertThat(refused.code()).isEqualTo("pool_refused");
        }
        assertThat(pool.received()).isEqualTo(100);
        ScrapedMetrics metrics = scrape();
        assertThat(metrics.value("pouw_pool_client_breaker_state", Map.of("pool", pool.url(), "state", "closed")))
                .hasValue(1.0);
        assertThat(metrics.value("pouw_pool_client_calls_total", Map.of("pool", pool.url(), "outcome", "ignored")))
                .hasValue(100.0);
        assertThat(metrics.sum("pouw_pool_client_breaker_transitions_total", Map.of())).isZero();
        // And the honest miner is served at once.
        pool.behave(StandInPool.Behaviour.ATTEST);
        assertThat(relay(share).status()).isEqualTo(200);
    }

    @Test
    void aPoolOutageIs503WithRetryAfterWhilePowWorksAndTheBreakerClosesWhenThePoolIsBack() throws Exception {
        start(Map.of("mining_pool.circuit_breaker_threshold", "3", "mining_pool.circuit_breaker_timeout", "2",
                "mining_pool.max_retries", "0"));
        JcsValue.Obj share = RelayedShareMaker.share(node, miner, DIFFICULTY, "o");
        pool.stop();
        for (int i = 0; i < 3; i++) {
            RunningNode.Reply down = relay(share);
            assertThat(down.status()).as(down.json().toString()).isEqualTo(503);
            assertThat(down.code()).isEqualTo("pool_unavailable");
            assertThat(down.headers().get("retry-after")).isNotNull();
        }
        assertThat(breaker("open")).isEqualTo(1.0);
        assertThat(scrape().value("pouw_pool_client_available", Map.of())).hasValue(0.0);
        RunningNode.Reply open = relay(share);
        assertThat(open.status()).isEqualTo(503);
        long retryAfter = Long.parseLong(open.headers().get("retry-after").getFirst());
        assertThat(retryAfter).isBetween(1L, 2L);
        assertThat(scrape().value("pouw_pool_client_calls_total", Map.of("pool", pool.url(), "outcome",
                "not_permitted"))).hasValue(1.0);
        // The node's own tokens do not depend on any pool.
        RunningNode.Reply pow = node.post("/v1/tokens", ReceiptMaker.powRequest(ReceiptMaker.receipt(node,
                Ed25519.KeyPair.generate())), null);
        assertThat(pow.status()).as(pow.json().toString()).isEqualTo(200);
        RunningNode.Reply ready = node.get("/readyz");
        assertThat(ready.status()).as("a pool outage does not make the node unready").isEqualTo(200);
        assertThat(ready.json().path("mining_pool").asString()).isEqualTo("unavailable");

        pool.restart();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> relay(share).status() == 200);
        assertThat(breaker("closed")).isEqualTo(1.0);
        assertThat(node.get("/readyz").json().path("mining_pool").asString()).isEqualTo("available");
        ScrapedMetrics metrics = scrape();
        assertThat(metrics.value("pouw_pool_client_breaker_transitions_total", Map.of("pool", pool.url(), "from",
                "closed", "to", "open"))).hasValue(1.0);
        assertThat(metrics.value("pouw_pool_client_breaker_transitions_total", Map.of("pool", pool.url(), "from",
                "half_open", "to", "closed"))).hasValue(1.0);
    }

    @Test
    void aFailingPoolIsRetriedAndThenCountsAgainstItsBreaker() throws Exception {
        start(Map.of("mining_pool.circuit_breaker_threshold", "4", "mining_pool.max_retries", "1"));
        JcsValue.Obj share = RelayedShareMaker.share(node, miner, DIFFICULTY, "f");
        pool.behave(StandInPool.Behaviour.FAIL);
        RunningNode.Reply first = relay(share);
        assertThat(first.status()).isEqualTo(503);
        assertThat(pool.received()).isEqualTo(2);
        RunningNode.Reply second = relay(share);
        assertThat(second.status()).isEqualTo(503);
        assertThat(pool.received()).isEqualTo(4);
        assertThat(breaker("open")).isEqualTo(1.0);
        relay(share);
        assertThat(pool.received()).as("an open breaker sends nothing").isEqualTo(4);
        assertThat(scrape().value("pouw_pool_client_retries_total", Map.of("pool", pool.url()))).hasValue(2.0);
    }

    @Test
    void aSlowPoolTripsTheTimeLimiterWithinTheDeadline() throws Exception {
        start(Map.of("mining_pool.timeout_seconds", "1", "mining_pool.max_retries", "2"));
        JcsValue.Obj share = RelayedShareMaker.share(node, miner, DIFFICULTY, "s");
        pool.behave(StandInPool.Behaviour.SLOW);
        long started = System.nanoTime();
        RunningNode.Reply slow = relay(share);
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(slow.status()).isEqualTo(503);
        assertThat(slow.code()).isEqualTo("pool_unavailable");
        // Bounded by the one deadline, not by the pool's 5 s nor by three attempts of 1 s.
        assertThat(tookMs).isLessThan(4_500);
        assertThat(scrape().value("pouw_pool_client_calls_total", Map.of("pool", pool.url(), "outcome",
                "failure"))).hasValue(1.0);
    }

    @Test
    void aPoolAnsweringGarbageOrAnotherKeysAttestationBuysNothing() throws Exception {
        start(Map.of("mining_pool.max_retries", "0"));
        JcsValue.Obj share = RelayedShareMaker.share(node, miner, DIFFICULTY, "x");
        pool.behave(StandInPool.Behaviour.GARBAGE);
        RunningNode.Reply garbage = relay(share);
        assertThat(garbage.status()).isEqualTo(503);
        assertThat(garbage.code()).isEqualTo("pool_unavailable");
        assertThat(scrape().value("pouw_pool_client_calls_total", Map.of("pool", pool.url(), "outcome",
                "failure"))).hasValue(1.0);
        pool.behave(StandInPool.Behaviour.FOREIGN_KEY);
        RunningNode.Reply foreign = relay(share);
        assertThat(foreign.status()).as(foreign.json().toString()).isEqualTo(502);
        assertThat(foreign.code()).isEqualTo("pool_bad_answer");
        pool.behave(StandInPool.Behaviour.ATTEST);
        assertThat(relay(share).status()).as("nothing was redeemed by the refused answers").isEqualTo(200);
    }
}
