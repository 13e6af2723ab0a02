package org.pouw.p2p;

import java.time.Duration;
import java.time.Instant;
import org.pouw.crypto.DidKey;
import org.pouw.p2p.policy.LinkPurpose;

/**
 * One connected peer as the connection keeper sees it, for operators ({@code GET /v1/net/peers}).
 *
 * @param minRtt the best ping round trip seen, null before the first answer
 */
public record KeptPeer(DidKey peerId, String address, LinkPurpose purpose, String group, Instant connectedAt,
        Duration minRtt, Instant lastBlockAt, Instant lastTxAt, long bestHeight, String listenAddress) {
}
