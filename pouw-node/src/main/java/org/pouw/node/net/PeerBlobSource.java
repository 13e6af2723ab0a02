package org.pouw.node.net;

import java.util.concurrent.CompletableFuture;
import org.pouw.chain.net.BlobFetch;
import org.pouw.chain.net.BlobRange;
import org.pouw.chain.net.PeerId;
import org.pouw.p2p.PeerNode;
import org.pouw.p2p.peers.Offence;

/**
 * {@link BlobFetch} over the transport: a range is a bulk fetch of type {@link ChainNetwork#BLOB}; a peer whose
 * answer does not prove is charged {@code MALFORMED} (banned: honest bytes always verify); a staller is only left
 * out of the fetch, as the keeper replaces peers that stall on everything.
 */
final class PeerBlobSource implements BlobFetch.Source, BlobFetch.Faults {
    private static final System.Logger LOG = System.getLogger(PeerBlobSource.class.getName());

    private final PeerNode node;

    PeerBlobSource(PeerNode node) {
        this.node = node;
    }

    @Override
    public CompletableFuture<byte[]> ask(PeerId peer, BlobRange range) {
        return node.fetch(TransportPort.key(peer), ChainNetwork.BLOB, range.id());
    }

    @Override
    public void lied(PeerId peer, String why) {
        node.report(TransportPort.key(peer), Offence.MALFORMED, why);
    }

    @Override
    public void stalled(PeerId peer, String why) {
        LOG.log(System.Logger.Level.INFO, "{0} stalled: {1}", peer, why);
    }
}
