package org.pouw.cli.failover;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.pouw.crypto.Ed25519;

/** What the rate-limiter scenarios send and wait for: fresh client addresses, sign-in challenges, shared buckets. */
final class RateLimitProbes {
    /** One counter for every scenario, so no two tests of a run share a client address (and so a bucket). */
    private static final AtomicInteger CLIENTS = new AtomicInteger(10);

    private RateLimitProbes() {
    }

    /** A client address no earlier request used: 10.x.y.z from a counter (the nodes trust 127.0.0.1 as a proxy). */
    static String nextClient() {
        int n = CLIENTS.incrementAndGet();
        return "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
    }

    /** The body of a sign-in challenge for a new did. */
    static String challengeBody() {
        return "{\"did\":\"" + Ed25519.KeyPair.generate().did() + "\"}";
    }

    /**
     * Waits until every node is back on the shared Redis buckets by itself: each gets a sign-in challenge from a
     * fresh address (a request is what tries Redis again) until a live scrape shows {@code state="shared"}.
     */
    static void awaitShared(List<ScenarioNode> nodes) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            String probe = nextClient();
            for (ScenarioNode node : nodes) {
                node.post("/v1/auth/challenge", challengeBody(), Map.of("X-Forwarded-For", probe));
            }
            return nodes.stream().allMatch(n -> n.metric("pouw_rate_limit_store_state{state=\"shared\"}") == 1.0);
        });
    }
}
