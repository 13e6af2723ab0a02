package org.pouw.chain.net;

/**
 * How a chain node talks to the others (ARCHITECTURE.md §3, a port of pouw-chain): the seeded in-process network of
 * the simulation ({@code org.pouw.chain.sim}) now, the peer-to-peer transport of issue 20 later. Messages are
 * fire-and-forget: a node must not count on delivery, order or timing, and asks again for what it misses.
 *
 * @param <M> the messages the chain exchanges
 */
public interface PeerMessages<M> {
    /** The peer these messages are sent from. */
    PeerId self();

    void send(PeerId to, M message);

    /** Sends to every other peer this node is connected to. */
    void broadcast(M message);
}
