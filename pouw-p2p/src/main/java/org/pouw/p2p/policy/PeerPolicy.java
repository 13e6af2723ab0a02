package org.pouw.p2p.policy;

import java.time.Duration;
import java.util.List;

/**
 * How a node keeps its connections (issue 20 §4; docs/p2p.md §11), checked once: a bad value fails naming the
 * setting. The total of links is {@code P2pConfig.max_links}; inbound links get what the outbound slots and one
 * feeler leave of it.
 *
 * @param fullRelayOutbound   outbound links relaying everything (8)
 * @param blockRelayOutbound  outbound links relaying blocks only, remembered as anchors (2)
 * @param maxLinksPerIp       inbound links from one IP address at once (4)
 * @param tickInterval        how often the keeper looks at its links (5 s)
 * @param feelerInterval      how often a feeler tests an address (2 min)
 * @param pingInterval        how often each link is pinged, for latency and stall detection (1 min)
 * @param stallTimeout        a ping unanswered this long ends the link (2 min)
 * @param staleTipAfter       no new block for this long (k·T) adds an extra outbound link (30 min)
 * @param allowLocalAddresses take loopback and private addresses from gossip (tests, private networks)
 * @param advertisedHost      the IP literal this node tells peers it listens on, or empty to tell none
 * @param bootstrap           {@code host:port} of peers to start from when the address book is empty
 */
public record PeerPolicy(int fullRelayOutbound, int blockRelayOutbound, int maxLinksPerIp, Duration tickInterval,
        Duration feelerInterval, Duration pingInterval, Duration stallTimeout, Duration staleTipAfter,
        boolean allowLocalAddresses, String advertisedHost, List<String> bootstrap) {
    public PeerPolicy {
        require(fullRelayOutbound >= 0 && fullRelayOutbound <= 64,
                "full_relay_outbound must be 0 to 64, got " + fullRelayOutbound);
        require(blockRelayOutbound >= 0 && blockRelayOutbound <= 16,
                "block_relay_outbound must be 0 to 16, got " + blockRelayOutbound);
        require(maxLinksPerIp >= 1, "max_links_per_ip must be >= 1, got " + maxLinksPerIp);
        positive(tickInterval, "tick_interval");
        positive(feelerInterval, "feeler_interval");
        positive(pingInterval, "ping_interval");
        positive(stallTimeout, "stall_timeout");
        positive(staleTipAfter, "stale_tip_after");
        advertisedHost = advertisedHost == null ? "" : advertisedHost;
        bootstrap = List.copyOf(bootstrap);
        for (String address : bootstrap) {
            int colon = address.lastIndexOf(':');
            require(colon > 0 && address.substring(colon + 1).matches("[0-9]{1,5}"),
                    "bootstrap entries must be host:port, got '" + address + "'");
        }
    }

    /** Issue 20's defaults: 8 + 2 outbound, 4 per IP, a feeler every 2 minutes, stale tip after 30 minutes. */
    public static PeerPolicy defaults() {
        return new PeerPolicy(8, 2, 4, Duration.ofSeconds(5), Duration.ofMinutes(2), Duration.ofMinutes(1),
                Duration.ofMinutes(2), Duration.ofMinutes(30), false, "", List.of());
    }

    public PeerPolicy withSlots(int newFullRelay, int newBlockRelay) {
        return new PeerPolicy(newFullRelay, newBlockRelay, maxLinksPerIp, tickInterval, feelerInterval,
                pingInterval, stallTimeout, staleTipAfter, allowLocalAddresses, advertisedHost, bootstrap);
    }

    public PeerPolicy withLocalAddresses(boolean allow, String newAdvertisedHost) {
        return new PeerPolicy(fullRelayOutbound, blockRelayOutbound, maxLinksPerIp, tickInterval, feelerInterval,
                pingInterval, stallTimeout, staleTipAfter, allow, newAdvertisedHost, bootstrap);
    }

    public PeerPolicy withBootstrap(List<String> newBootstrap) {
        return new PeerPolicy(fullRelayOutbound, blockRelayOutbound, maxLinksPerIp, tickInterval, feelerInterval,
                pingInterval, stallTimeout, staleTipAfter, allowLocalAddresses, advertisedHost, newBootstrap);
    }

    public PeerPolicy withTimes(Duration newStallTimeout, Duration newStaleTipAfter) {
        return new PeerPolicy(fullRelayOutbound, blockRelayOutbound, maxLinksPerIp, tickInterval, feelerInterval,
                pingInterval, newStallTimeout, newStaleTipAfter, allowLocalAddresses, advertisedHost, bootstrap);
    }

    public PeerPolicy withMaxLinksPerIp(int newMaxLinksPerIp) {
        return new PeerPolicy(fullRelayOutbound, blockRelayOutbound, newMaxLinksPerIp, tickInterval, feelerInterval,
                pingInterval, stallTimeout, staleTipAfter, allowLocalAddresses, advertisedHost, bootstrap);
    }

    /** Outbound slots and the one feeler: what {@code max_links} keeps free of inbound links. */
    public int outboundReserve() {
        return fullRelayOutbound + blockRelayOutbound + 1;
    }

    private static void positive(Duration value, String name) {
        require(value != null && value.isPositive(), name + " must be > 0, got " + value);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
