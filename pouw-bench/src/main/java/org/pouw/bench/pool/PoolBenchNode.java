package org.pouw.bench.pool;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.node.PouwNode;
import org.pouw.node.config.ConfigLoader;
import org.pouw.pool.NodeGateKeys;

/**
 * The node a pool benchmark's shares are for: started in the benchmark's JVM with its limits lifted (rate limits,
 * challenge issuance) and the node's share floor at 1 bit, trusting one pool key; with that key and the node's gate
 * keys as the pool fetched them. What differs from a node's defaults is set here, once, for every pool benchmark.
 */
final class PoolBenchNode implements AutoCloseable {
    static final String POOL = "bench-pool";

    private final PouwNode node;
    private final Ed25519.KeyPair poolKey = Ed25519.KeyPair.generate();
    private final NodeGateKeys keys;

    PoolBenchNode(Path dir) {
        Map<String, String> settings = new HashMap<>();
        settings.put("data_dir", dir.resolve("node").toString());
        settings.put("http.port", "0");
        settings.put("pouw_mode", "remote");
        settings.put("rate_limits.enabled", "false");
        settings.put("gate.challenges_per_second", "1000000");
        settings.put("gate.source_free_per_minute", "1000000");
        settings.put("gate.challenge_ttl_ms", "3600000");
        settings.put("pools.min_share_bits", "1");
        settings.put("pools.trusted", POOL + "=" + HexFormat.of().formatHex(poolKey.publicKey()));
        node = PouwNode.start(ConfigLoader.load(null, Map.of(), settings), Clock.system());
        keys = NodeGateKeys.fetch(url(), poolKey, Clock.system());
    }

    URI url() {
        return URI.create(node.url());
    }

    PouwNode node() {
        return node;
    }

    Ed25519.KeyPair poolKey() {
        return poolKey;
    }

    NodeGateKeys keys() {
        return keys;
    }

    @Override
    public void close() {
        node.close();
    }
}
