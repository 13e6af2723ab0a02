package org.pouw.p2p.sim;

/**
 * The shape of a simulated gossip network ({@link GossipNetwork}).
 *
 * @param nodes                how many nodes
 * @param fullRelayOutbound    outbound links each node opens that carry blocks and transactions (8 in the node)
 * @param blockRelayOutbound   outbound links that carry blocks only (2 in the node)
 * @param minLatencyMs         the least one-way latency of a link
 * @param maxLatencyMs         the most; each link's latency is drawn once, uniformly between the two
 * @param uplinkBytesPerSecond each node's upload rate: bodies a node serves queue behind each other on it
 * @param validationMs         how long a node takes to validate a block before it announces it (transactions: a tenth)
 * @param seed                 the seed of every random choice: the same settings give the same run
 */
public record GossipSettings(int nodes, int fullRelayOutbound, int blockRelayOutbound, long minLatencyMs,
        long maxLatencyMs, long uplinkBytesPerSecond, long validationMs, long seed) {
    public GossipSettings {
        if (nodes < 2 || fullRelayOutbound < 1 || blockRelayOutbound < 0
                || fullRelayOutbound + blockRelayOutbound >= nodes) {
            throw new IllegalArgumentException("nodes must be >= 2 and more than the outbound links (full-relay >= 1, "
                    + "block-relay >= 0), got " + nodes + ", " + fullRelayOutbound + ", " + blockRelayOutbound);
        }
        if (minLatencyMs < 0 || maxLatencyMs < minLatencyMs) {
            throw new IllegalArgumentException("latencies must satisfy 0 <= min <= max, got " + minLatencyMs + ", "
                    + maxLatencyMs);
        }
        if (uplinkBytesPerSecond < 1 || validationMs < 0) {
            throw new IllegalArgumentException("uplink_bytes_per_second must be >= 1 and validation_ms >= 0");
        }
    }

    /**
     * A wide-area network in the node's default shape: 8 + 2 outbound links each, 20–200 ms one way, 20 Mbit/s up,
     * 100 ms to validate a block.
     */
    public static GossipSettings wideArea(int nodes, long seed) {
        return new GossipSettings(nodes, 8, 2, 20, 200, 2_500_000, 100, seed);
    }
}
