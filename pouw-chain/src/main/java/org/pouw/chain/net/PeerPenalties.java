package org.pouw.chain.net;

/**
 * What {@link ChainSync} may do to a peer besides talking to it; the transport decides how (docs/network.md §4).
 * A disconnection costs the peer nothing else (it may come back); a ban is for bytes no honest peer sends.
 */
public interface PeerPenalties {
    /**
     * Ends the link: the peer served a block or headers that failed here, which an honest peer may not have known, or
     * stalled mid-sync. No score, no ban.
     */
    void disconnect(PeerId peer, String why);

    /** Ends the link and bans the peer: it sent bytes that are not what it was asked for. */
    void ban(PeerId peer, String why);
}
