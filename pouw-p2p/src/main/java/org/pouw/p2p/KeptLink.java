package org.pouw.p2p;

import java.time.Duration;
import java.time.Instant;
import org.pouw.p2p.discovery.AddressGroup;
import org.pouw.p2p.policy.LinkPurpose;

/** What the {@link ConnectionKeeper} remembers of one link, all by the local clock and this node's own measures. */
final class KeptLink {
    final PeerLink link;
    final AddressGroup group;
    final Instant connectedAt;
    /** {@code host:port} this node dialed, or empty for an inbound link. */
    final String dialed;
    volatile LinkPurpose purpose;
    volatile Duration minRtt;
    volatile Instant lastBlockAt = Instant.EPOCH;
    volatile Instant lastTxAt = Instant.EPOCH;
    volatile Instant pingSentAt;
    volatile Instant lastPingAt = Instant.EPOCH;
    /** Address records this peer may still send before they are dropped unread (Bitcoin's addr token bucket). */
    double addrTokens = 1;
    Instant tokensAt;
    boolean answeredGetAddr;

    KeptLink(PeerLink link, LinkPurpose purpose, AddressGroup group, Instant connectedAt, String dialed) {
        this.link = link;
        this.purpose = purpose;
        this.group = group;
        this.connectedAt = connectedAt;
        this.dialed = dialed;
        this.tokensAt = connectedAt;
    }
}
