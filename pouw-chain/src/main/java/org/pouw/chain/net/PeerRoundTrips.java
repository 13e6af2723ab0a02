package org.pouw.chain.net;

import java.util.OptionalLong;

/**
 * The round trip the transport measured to a peer (its pings), for choosing among peers the rules rank alike: never a
 * reason to trust a peer or to prefer one that delivers less, only a tie-break.
 */
@FunctionalInterface
public interface PeerRoundTrips {
    /** No measurements: every peer alike. */
    PeerRoundTrips NONE = peer -> OptionalLong.empty();

    /** The best round trip measured to {@code peer}, in nanoseconds; empty before one was. */
    OptionalLong nanos(PeerId peer);

    /** For sorting: a peer not measured yet goes after every measured one. */
    default long nanosOrLast(PeerId peer) {
        return nanos(peer).orElse(Long.MAX_VALUE);
    }
}
