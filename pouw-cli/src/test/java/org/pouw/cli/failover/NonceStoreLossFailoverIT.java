package org.pouw.cli.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.crypto.Ed25519;
import org.pouw.store.support.RedisServerProcess;
import tools.jackson.databind.json.JsonMapper;

/**
 * Failure scenario 2 of docs/failures.md, nonce-store loss: two {@code pouw node start} processes redeem receipts
 * for access tokens in one real {@code redis-server} ({@code gate.redemption_store = redis}, the default
 * {@code fail_safe}, one challenge key). Every receipt that bought a token is sent again, at both nodes, after each
 * fault: Redis killed (while it is down), restarted empty, restarted from a snapshot older than the redemption, and
 * a node killed with SIGKILL and started again. Asserted: <b>zero replays</b> — no second token for any receipt, at
 * any node, at any time; every answer a 409 {@code replayed} or a 503 {@code store_unavailable} (never another
 * status); during the outage a live scrape shows {@code pouw_gate_redemption_state{state="failing"} 1}; and after
 * every fault a receipt for a fresh challenge buys its token (the gate works again). Reported: replays sent, tokens
 * they bought (0), and how long the first fresh token took after Redis came back.
 */
// The profile's stated budget: a scenario test that runs longer fails rather than stretching the CI run.
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class NonceStoreLossFailoverIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private RedisServerProcess redis;
    private final List<ScenarioNode> nodes = new ArrayList<>();
    private final List<String> redeemed = new ArrayList<>();
    private final Ed25519.KeyPair client = Ed25519.KeyPair.generate();
    private int replaysSent;

    @AfterEach
    void stop() {
        nodes.forEach(ScenarioNode::close);
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void noRedeemedReceiptBuysASecondTokenThroughAnyLossOfTheStoreOrOfANode() throws Exception {
        redis = RedisServerProcess.start("--maxmemory-policy", "noeviction");
        nodes.addAll(ScenarioNode.startAll(dir, List.of("a", "b"), settings()));
        ScenarioNode a = nodes.get(0);
        ScenarioNode b = nodes.get(1);
        redis.awaitRunningFor(4_000); // its first seconds, plus the skew, refuse every challenge (docs/gate.md)
        buyToken(a);
        buyToken(b);
        replayEverywhere();

        // Redis killed: the other node, and the issuer, refuse while it is down (fail_safe), and say so.
        redis.kill();
        for (int i = 0; i < 3; i++) {
            replayEverywhere();
        }
        for (ScenarioNode node : nodes) {
            assertThat(node.metric("pouw_gate_redemption_state{state=\"failing\"}"))
                    .as(node.name() + " shows the outage in a live scrape").isEqualTo(1.0);
        }
        long back = System.nanoTime();
        redis.startAgainEmpty();
        replayEverywhere();
        long firstFreshMs = buyTokenOnceTheStoreServes(a, back);
        replayEverywhere();

        // A snapshot, then a redemption the snapshot does not hold, then a restart from the snapshot.
        redis.snapshot();
        redis.awaitRunningFor(4_000);
        buyToken(b);
        redis.kill();
        redis.startAgain();
        replayEverywhere();
        buyTokenOnceTheStoreServes(b, System.nanoTime());
        replayEverywhere();

        // A node killed (SIGKILL) and started again on its data folder: its memory of challenges is gone.
        a.kill();
        nodes.set(0, startNode("a"));
        replayEverywhere();
        redis.awaitRunningFor(4_000);
        buyToken(nodes.get(0));
        replayEverywhere();

        System.out.printf("FAILOVER nonce store: %d replays of %d redeemed receipts sent across Redis kill -9, empty "
                        + "restart, restart from an old snapshot and a node's kill -9; 0 tokens granted for them; "
                        + "first fresh token %d ms after Redis was started again%n", replaysSent, redeemed.size(),
                firstFreshMs);
    }

    private ScenarioNode startNode(String name) {
        return ScenarioNode.start(dir, name, settings());
    }

    private Map<String, String> settings() {
        return Map.of("gate.redemption_store", "redis",
                "gate.redis_url", redis.url(), "gate.hashcash_bits", "1", "gate.max_hashcash_bits", "1",
                "gate.clock_skew_ms", "1000", "rate_limits.auth.address_burst", "100000",
                "rate_limits.auth.address_per_minute", "100000",
                "gate.challenge_key_file", dir.resolve("challenge.key").toAbsolutePath().toString());
    }

    /** A receipt for a fresh challenge of {@code node} buys its token there. */
    private void buyToken(ScenarioNode node) {
        String request = tokenRequest(node);
        ScenarioNode.Reply reply = node.post("/v1/tokens", request, Map.of());
        assertThat(reply.status()).as(node.name() + ": " + reply.body()).isEqualTo(200);
        redeemed.add(request);
    }

    /**
     * After Redis came back: a fresh challenge's receipt buys its token once the nodes' store watch has seen Redis
     * (503 {@code store_unavailable} until then). Returns the milliseconds from {@code backNanos} to the token.
     */
    private long buyTokenOnceTheStoreServes(ScenarioNode node, long backNanos) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            ScenarioNode.Reply challenge = node.post("/v1/challenges", challengeAsk(), Map.of());
            if (challenge.status() == 200) {
                String request = tokenRequest(node, challenge.body());
                ScenarioNode.Reply reply = node.post("/v1/tokens", request, Map.of());
                if (reply.status() == 200) {
                    redeemed.add(request);
                    return (System.nanoTime() - backNanos) / 1_000_000;
                }
                assertThat(reply.status()).as(node.name() + ": " + reply.body()).isIn(409, 503);
            }
            Thread.sleep(100);
        }
        throw new AssertionError(node.name() + " bought no token within 30 s of Redis's return");
    }

    /** Every receipt that bought a token, sent again to every node: never a second token. */
    private void replayEverywhere() {
        for (String request : redeemed) {
            for (ScenarioNode node : nodes) {
                ScenarioNode.Reply reply = node.post("/v1/tokens", request, Map.of());
                replaysSent++;
                assertThat(reply.status()).as(node.name() + " must not grant a replay: " + reply.body())
                        .isIn(409, 503);
                String code = JSON.readTree(reply.body()).path("error").path("code").asString();
                assertThat(code).isEqualTo(reply.status() == 409 ? "replayed" : "store_unavailable");
            }
        }
    }

    private String challengeAsk() {
        return "{\"did\":\"" + client.did() + "\",\"kind\":\"hashcash\"}";
    }

    private String tokenRequest(ScenarioNode node) {
        ScenarioNode.Reply asked = node.post("/v1/challenges", challengeAsk(), Map.of());
        assertThat(asked.status()).as(asked.body()).isEqualTo(200);
        return tokenRequest(node, asked.body());
    }

    private String tokenRequest(ScenarioNode node, String challengeBody) {
        return SignedTokenRequests.forChallenge(node, challengeBody, client);
    }
}
