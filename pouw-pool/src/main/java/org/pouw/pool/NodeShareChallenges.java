package org.pouw.pool;

import java.net.URI;
import java.time.Duration;
import org.pouw.client.PouwClient;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.pool.stratum.ShareChallengeSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Share challenges for Stratum miners, asked of the node ({@code POST /v1/challenges {"did","kind":"share"}}) in the
 * miner's name: a challenge binds work to the did it names, which only that did's key can redeem, so the pool asking
 * for one gains it nothing.
 */
public final class NodeShareChallenges implements ShareChallengeSource, AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final PouwClient client;

    public NodeShareChallenges(URI node, Ed25519.KeyPair poolKey, Clock clock) {
        this.client = new PouwClient(node, poolKey, Duration.ofSeconds(10), clock);
    }

    @Override
    public ObjectNode issue(String did) {
        if (!(JSON.readTree(client.gate().challenge(did, "share", 0, null)) instanceof ObjectNode challenge)) {
            throw new IllegalStateException("the node answered a share challenge that is not a JSON object");
        }
        return challenge;
    }

    @Override
    public void close() {
        client.close();
    }
}
