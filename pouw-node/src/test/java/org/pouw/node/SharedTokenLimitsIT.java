package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.SettableClock;
import org.pouw.gate.token.AccessClass;
import org.pouw.store.support.RedisServerProcess;
import redis.clients.jedis.RedisClient;

/**
 * Two real nodes sharing one real Redis for their rate limits, and one token key (so a token of either is good at
 * both): the per-token and per-class limits of issue 21 §4 hold across both. The attack is a token holder spreading
 * its requests over the two nodes to get each node's allowance; it gets one allowance in all.
 * Reads: every token class's bucket is 1 % of a did's (burst 4, one a minute) and the {@code low} class's 2 tokens'
 * worth (burst 8), as in {@link AccessTokenLimitsIT}.
 */
class SharedTokenLimitsIT {
    static final String ADDRESS = "198.51.100.66";

    @TempDir
    Path dir;

    @Test
    void aTokenSpreadOverTwoNodesGetsOneAllowanceAndItsClassOneBucket() {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            try (RedisClient client = RedisClient.create("127.0.0.1", redis.port())) {
                client.set("pouw:rl:since", "0"); // a Redis whose bucket state began long ago: buckets start full
            }
            Map<String, String> shared = new HashMap<>(Map.of("rate_limits.store", "redis",
                    "rate_limits.redis_url", redis.url(), "rate_limits.nodes", "2",
                    "gate.enabled", "true", "http.trusted_proxies", "127.0.0.1",
                    "gate.token_key_file", dir.resolve("token.key").toString(),
                    "rate_limits.reads.did_per_minute", "100", "rate_limits.reads.did_burst", "400",
                    "rate_limits.access.low.class_tokens", "2",
                    // the clocks stand still while the nodes start, slowly on a loaded machine: room for that
                    "gate.clock_skew_ms", "60000"));
            for (AccessClass c : AccessClass.values()) {
                shared.put("rate_limits.access." + c.wire() + ".token_percent", "1");
            }
            SettableClock clock = new SettableClock(System.currentTimeMillis());
            try (RunningNode a = new RunningNode(dir.resolve("a"), shared, clock);
                 RunningNode b = new RunningNode(dir.resolve("b"), shared, clock)) {
                List<RunningNode> nodes = List.of(a, b);
                String first = anonymousToken(a);
                // Each node alone would admit 4 reads of this token; alternating between them admits 4 in all.
                Refused spread = readAlternatelyUntilRefused(nodes, first);
                assertThat(spread).isEqualTo(new Refused(4, "reads.token"));
                for (RunningNode node : nodes) {
                    assertThat(read(node, first).status()).as("refused at both nodes").isEqualTo(429);
                }
                // The class is one bucket across both nodes too: a second token, bought at the other node, gets the
                // rest of the low class's 8, and a third meets the class's limit wherever it is sent.
                assertThat(readAlternatelyUntilRefused(nodes, anonymousToken(b)).admitted()).isEqualTo(4);
                Refused third = readAlternatelyUntilRefused(nodes, anonymousToken(a));
                assertThat(third).isEqualTo(new Refused(0, "reads.token_class"));
            }
        }
    }

    private static String anonymousToken(RunningNode node) {
        RunningNode.Reply reply = node.post("/v1/tokens", "{\"mode\":\"anonymous\"}", null);
        assertThat(reply.status()).as("%s", reply.json()).isEqualTo(200);
        return reply.json().path("token").asString();
    }

    private static RunningNode.Reply read(RunningNode node, String token) {
        return node.send(HttpRequest.newBuilder(URI.create(node.base + "/v1/gate/keys")).GET()
                .header("X-Forwarded-For", ADDRESS).header("Authorization", "Bearer " + token));
    }

    /** Reads at the nodes in turn until the first refusal; how many were admitted, and which limit refused. */
    private static Refused readAlternatelyUntilRefused(List<RunningNode> nodes, String token) {
        for (int admitted = 0; admitted < 100; admitted++) {
            RunningNode.Reply reply = read(nodes.get(admitted % nodes.size()), token);
            if (reply.status() != 200) {
                assertThat(reply.status()).isEqualTo(429);
                return new Refused(admitted, reply.json().path("error").path("limit").asString());
            }
        }
        throw new AssertionError("never refused");
    }

    private record Refused(int admitted, String limit) {
    }
}
