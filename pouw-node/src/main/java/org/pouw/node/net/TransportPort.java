package org.pouw.node.net;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.pouw.chain.net.PeerId;
import org.pouw.chain.net.PeerMessages;
import org.pouw.chain.net.PeerPenalties;
import org.pouw.chain.net.SyncCodec;
import org.pouw.chain.net.SyncMessage;
import org.pouw.crypto.DidKey;
import org.pouw.ml.wire.Bytes32;
import org.pouw.p2p.PeerNode;
import org.pouw.p2p.peers.Offence;

/**
 * The sync's messages onto the transport (docs/network.md §2): announcements become {@code inv} of type
 * {@link ChainNetwork#BLOCK} (the transport's per-peer seen-set keeps each hash from going to a peer twice);
 * {@code get_headers} and {@code headers} become typed payloads in their canonical encodings; a block request
 * becomes a fetch on the bulk stream, whose answer (or failure) comes back to the sync on its own thread. A peer id
 * of the sync is the peer's did:key as text.
 */
final class TransportPort implements PeerMessages<SyncMessage>, PeerPenalties {
    private final PeerNode node;
    private final Executor syncThread;
    private final Consumer<Delivery> deliver;
    private final ChainTraffic traffic;

    /** A message for the sync, from a peer. */
    record Delivery(PeerId from, SyncMessage message) {
    }

    TransportPort(PeerNode node, Executor syncThread, Consumer<Delivery> deliver, ChainTraffic traffic) {
        this.node = node;
        this.syncThread = syncThread;
        this.deliver = deliver;
        this.traffic = traffic;
    }

    static PeerId peer(DidKey key) {
        return new PeerId(key.toString());
    }

    static DidKey key(PeerId peer) {
        return DidKey.parse(peer.name());
    }

    @Override
    public PeerId self() {
        return peer(node.self());
    }

    @Override
    public void send(PeerId to, SyncMessage message) {
        DidKey key = key(to);
        switch (message) {
            case SyncMessage.GetHeaders request ->
                    payload(key, ChainNetwork.GET_HEADERS, ChainTraffic.Kind.GET_HEADERS, SyncCodec.encode(request));
            case SyncMessage.Headers answer ->
                    payload(key, ChainNetwork.HEADERS, ChainTraffic.Kind.HEADERS, SyncCodec.encode(answer));
            case SyncMessage.Reject reject -> {
                if (payload(key, ChainNetwork.REJECT, ChainTraffic.Kind.REJECT, SyncCodec.encode(reject))) {
                    traffic.reject(ChainTraffic.Direction.OUT, reject.code());
                }
            }
            case SyncMessage.GetBlock request -> node.fetch(key, ChainNetwork.BLOCK, request.hash().toArray())
                    .whenComplete((bytes, failure) -> {
                        if (failure == null) {
                            traffic.count(ChainTraffic.Direction.IN, ChainTraffic.Kind.BLOCK_BODY, 1, bytes.length);
                        }
                        later(new Delivery(to, failure == null
                                ? new SyncMessage.BlockBody(request.hash(), bytes)
                                : new SyncMessage.BlockNotServed(request.hash())));
                    });
            case SyncMessage.BlockInv inv -> announce(inv);
            case SyncMessage.WholeBlock whole -> {
                // only what fits one link frame goes whole; a larger block is announced and fetched on the bulk stream
                byte[] encoded = whole.encoded();
                if (encoded.length <= ChainNetwork.MAX_WHOLE_BLOCK_BYTES) {
                    payload(key, ChainNetwork.WHOLE_BLOCK, ChainTraffic.Kind.WHOLE_BLOCK, encoded);
                }
            }
            // bodies are served by the bulk source, never sent unasked
            case SyncMessage.BlockBody body -> {
            }
            case SyncMessage.BlockNotServed missing -> {
            }
        }
    }

    private boolean payload(DidKey to, int type, ChainTraffic.Kind kind, byte[] body) {
        boolean sent = node.send(to, type, body);
        if (sent) {
            traffic.count(ChainTraffic.Direction.OUT, kind, 1, body.length);
        }
        return sent;
    }

    /** Announces each hash to every peer that has not seen it; counted per peer told. */
    private void announce(SyncMessage.BlockInv inv) {
        for (Bytes32 hash : inv.hashes()) {
            int told = node.announce(ChainNetwork.BLOCK, hash.toArray());
            traffic.count(ChainTraffic.Direction.OUT, ChainTraffic.Kind.BLOCK_INV, told, (long) told * Bytes32.LENGTH);
        }
    }

    @Override
    public void broadcast(SyncMessage message) {
        if (message instanceof SyncMessage.BlockInv inv) {
            announce(inv);
        } else {
            node.peers().forEach(info -> send(peer(info.peerId()), message));
        }
    }

    @Override
    public void disconnect(PeerId peer, String why) {
        node.disconnect(key(peer));
    }

    @Override
    public void ban(PeerId peer, String why) {
        node.report(key(peer), Offence.MALFORMED, why);
    }

    private void later(Delivery delivery) {
        try {
            syncThread.execute(() -> deliver.accept(delivery));
        } catch (RejectedExecutionException stopping) {
            // the network is closing: nothing waits for the answer any more
        }
    }
}
