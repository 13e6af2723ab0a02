package org.pouw.pool.stratum;

import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Test support: share challenges signed with a test node key, as the node issues them (docs/gate.md §3). */
final class SignedTestChallenges implements ShareChallengeSource {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Ed25519.KeyPair nodeKey;
    private final Clock clock;
    private final int bits;
    private final long lifetimeMs;
    private final AtomicInteger issued = new AtomicInteger();

    SignedTestChallenges(Ed25519.KeyPair nodeKey, Clock clock, int bits, long lifetimeMs) {
        this.nodeKey = nodeKey;
        this.clock = clock;
        this.bits = bits;
        this.lifetimeMs = lifetimeMs;
    }

    @Override
    public ObjectNode issue(String did) {
        String id = String.format("%032x", issued.incrementAndGet());
        long now = clock.millis();
        ObjectNode body = JSON.createObjectNode();
        body.put("type", "pouw-challenge-v1");
        body.put("id", id);
        body.put("node", "node-a");
        body.put("store", "store-1");
        body.put("did", did);
        body.put("kind", "share");
        body.put("difficulty", bits);
        body.put("resource", id);
        body.put("issued_at_ms", now);
        body.put("expires_at_ms", now + lifetimeMs);
        body.put("sig", Base64.getUrlEncoder().withoutPadding().encodeToString(nodeKey.sign(
                org.pouw.pool.attest.JacksonJcs.bytes(body))));
        return body;
    }

    int issued() {
        return issued.get();
    }
}
