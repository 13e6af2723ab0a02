package org.pouw.p2p;

import java.time.Duration;
import java.util.List;
import org.pouw.crypto.DidKey;

/**
 * What this node knows of one connected peer. Best height and hash are the peer's claims, passed on opaque and
 * unchecked: the chain decides what to make of them.
 *
 * @param lastRtt the round trip of the last answered ping, null before one was
 */
public record PeerInfo(DidKey peerId, String address, boolean outbound, String listenAddress, long bestHeight,
        byte[] bestHash, List<String> capabilities, Duration lastRtt) {
    public PeerInfo {
        bestHash = bestHash.clone();
        capabilities = List.copyOf(capabilities);
    }

    @Override
    public byte[] bestHash() {
        return bestHash.clone();
    }
}
