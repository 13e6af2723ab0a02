package org.pouw.p2p;

import org.pouw.crypto.DidKey;
import org.pouw.p2p.peers.Ban;

/**
 * Who wants to hear of a {@link PeerNode}'s peers coming and going (the node's event stream, an operator's console).
 * A peer counts as connected from its link's handshake to that link's end; when two nodes dialed each other and one
 * link replaced the other ({@link DialTieBreak}) the peer stayed connected throughout and nothing is told.
 */
public interface PeerObserver {
    /** A link to {@code peer} came up. */
    default void connected(PeerInfo peer) {
    }

    /** The link to {@code peer} ended. */
    default void disconnected(DidKey peer, String address, boolean outbound, String why) {
    }

    /** A subject (a peer id or an IP address) was banned. */
    default void banned(Ban ban) {
    }
}
