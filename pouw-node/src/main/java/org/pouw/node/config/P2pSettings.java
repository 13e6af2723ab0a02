package org.pouw.node.config;

import java.util.List;

/**
 * Whether this node joins the peer-to-peer network (issue 20; docs/p2p.md), and how it keeps its peers: where it
 * listens, whom it starts from, what it tells others, and the connection policy's numbers.
 *
 * @param bootstrap       {@code host:port} of peers to start from while the address book is empty
 * @param advertisedHost  the IP literal peers are told this node listens on; empty to tell none
 * @param allowLocal      take loopback and private addresses from gossip (a network on one machine or a LAN)
 * @param compactBlocks   push a new tip larger than one link frame as a compact block (header and short
 *                        transaction ids, docs/network.md §4) rather than in parts, and run BIP 152's
 *                        low-bandwidth mode for the peers not pushed to
 * @param compactHighBandwidthPeers the peers asked to push new tips unannounced (the last that gave this node one
 *                        first); 0 makes every peer announce first
 */
public record P2pSettings(boolean enabled, String listenHost, int listenPort, List<String> bootstrap,
        String advertisedHost, boolean allowLocal, int maxLinks, int fullRelayOutbound, int blockRelayOutbound,
        int maxLinksPerIp, long staleTipAfterMs, boolean compactBlocks, int compactHighBandwidthPeers) {
    public P2pSettings {
        bootstrap = List.copyOf(bootstrap);
    }
}
