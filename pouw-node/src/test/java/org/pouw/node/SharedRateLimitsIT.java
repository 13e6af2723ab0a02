package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;
import org.pouw.store.support.RedisServerProcess;
import redis.clients.jedis.RedisClient;
import tools.jackson.databind.node.ObjectNode;

/** Two real nodes sharing one real Redis for their rate limits: a client cannot double its quota by alternating. */
class SharedRateLimitsIT {
    @TempDir
    Path dirA;
    @TempDir
    Path dirB;

    @Test
    void aClientAlternatingBetweenTwoNodesGetsOneQuotaNotTwo() {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            try (RedisClient client = RedisClient.create("127.0.0.1", redis.port())) {
                client.set("pouw:rl:since", "0"); // a Redis whose bucket state began long ago: buckets start full
            }
            Map<String, String> shared = Map.of("rate_limits.store", "redis", "rate_limits.redis_url", redis.url(),
                    "rate_limits.nodes", "2", "rate_limits.auth.address_burst", "6",
                    "rate_limits.auth.address_per_minute", "1");
            try (RunningNode a = new RunningNode(dirA, shared, new SettableClock(1_700_000_000_000L));
                 RunningNode b = new RunningNode(dirB, shared, new SettableClock(1_700_000_000_000L))) {
                ObjectNode body = RunningNode.JSON.createObjectNode()
                        .put("did", Ed25519.KeyPair.generate().did().toString());
                int admitted = 0;
                int refused = 0;
                for (int i = 0; i < 20; i++) {
                    int status = (i % 2 == 0 ? a : b).post("/v1/auth/challenge", body, null).status();
                    if (status == 200) {
                        admitted++;
                    } else if (status == 429) {
                        refused++;
                    }
                }
                // Six in all (a seventh only if a minute passed on a very slow machine); each node alone gave six.
                assertThat(admitted).isBetween(6, 7);
                assertThat(refused).isEqualTo(20 - admitted);
            }
        }
    }
}
