package org.pouw.p2p.peers;

class InMemoryPeerBookTest extends PeerBookContract {
    @Override
    protected PeerBook newBook() {
        return new InMemoryPeerBook();
    }
}
