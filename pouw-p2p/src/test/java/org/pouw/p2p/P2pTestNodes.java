package org.pouw.p2p;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.pouw.crypto.Ed25519;
import org.pouw.p2p.peers.InMemoryPeerBook;

/** Real nodes on loopback for a test, each with a fresh key, closed together. */
final class P2pTestNodes implements AutoCloseable {
    static final ChainIdentity CHAIN = new ChainIdentity("pouw-test".getBytes(StandardCharsets.UTF_8),
            new byte[] {1, 2, 3, 4, 5, 6, 7, 8});

    private final List<PeerNode> nodes = new ArrayList<>();

    PeerNode start() {
        return start(P2pConfig.defaults(Ed25519.KeyPair.generate(), CHAIN, "127.0.0.1", 0));
    }

    PeerNode start(P2pConfig config) {
        try {
            PeerNode node = PeerNode.start(config, new InMemoryPeerBook());
            nodes.add(node);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        nodes.forEach(PeerNode::close);
    }
}
