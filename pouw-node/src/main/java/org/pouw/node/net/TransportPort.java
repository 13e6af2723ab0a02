package org.pouw.node.net;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.pouw.chain.block.Block;
import org.pouw.chain.net.BlockPart;
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
    private final Bytes32 chainId;
    private final Executor syncThread;
    private final Consumer<Delivery> deliver;
    private final ChainTraffic traffic;
    /** A block's compact form for one push, if it has one that fits a frame (docs/network.md §4). */
    private final Function<byte[], Optional<byte[]>> compactOf;

    /** A message for the sync, from a peer. */
    record Delivery(PeerId from, SyncMessage message) {
    }

    /** A block body being fetched from a peer. */
    private record Body(PeerId from, Bytes32 hash) {
    }

    /** Block bodies in flight, so the sync can drop one it gave up on. */
    private final Map<Body, CompletableFuture<byte[]>> bodies = new ConcurrentHashMap<>();

    TransportPort(PeerNode node, Bytes32 chainId, Executor syncThread, Consumer<Delivery> deliver,
                  ChainTraffic traffic, Function<byte[], Optional<byte[]>> compactOf) {
        this.compactOf = compactOf;
        this.node = node;
        this.chainId = chainId;
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
            case SyncMessage.GetBlock request -> fetchBlock(to, request.hash());
            case SyncMessage.AbandonBlock abandon -> {
                CompletableFuture<byte[]> transfer = bodies.remove(new Body(to, abandon.hash()));
                if (transfer != null) {
                    transfer.cancel(false);     // the transport discards the rest of its chunks
                }
            }
            case SyncMessage.BlockInv inv -> announce(inv);
            case SyncMessage.WholeBlock whole -> pushWhole(key, whole.encoded());
            // bodies are served by the bulk source, never sent unasked
            case SyncMessage.BlockBody body -> {
            }
            case SyncMessage.BlockNotServed missing -> {
            }
            case SyncMessage.BodyProgress progress -> {
                // the transport's own report, never sent to a peer
            }
        }
    }

    /**
     * Fetches a block body on the bulk stream; its progress, chunk by chunk, and then its bytes (or its failure) go
     * back to the sync, which times a large body by its progress (docs/network.md §3).
     */
    private void fetchBlock(PeerId from, Bytes32 hash) {
        Body body = new Body(from, hash);
        CompletableFuture<byte[]> transfer = node.fetch(key(from), ChainNetwork.BLOCK, hash.toArray(),
                (declared, received) -> later(new Delivery(from, new SyncMessage.BodyProgress(hash, declared,
                        received))));
        bodies.put(body, transfer);
        transfer.whenComplete((bytes, failure) -> {
            bodies.remove(body, transfer);
            if (transfer.isCancelled()) {
                return;     // the sync gave up on it
            }
            if (failure == null) {
                traffic.count(ChainTraffic.Direction.IN, ChainTraffic.Kind.BLOCK_BODY, 1, bytes.length);
            }
            later(new Delivery(from, failure == null
                    ? new SyncMessage.BlockBody(hash, bytes)
                    : new SyncMessage.BlockNotServed(hash)));
        });
    }

    /**
     * A block that fits one link frame goes whole in one payload; a larger one as a compact block (its header,
     * opening and short transaction ids, salted afresh for each push) when that fits a frame; else one up to {@link
     * BlockPart#MAX_BLOCK_BYTES} in parts; a larger one is only announced, and fetched on the bulk stream
     * (docs/network.md §4).
     */
    private void pushWhole(DidKey to, byte[] encoded) {
        if (encoded.length <= ChainNetwork.MAX_WHOLE_BLOCK_BYTES) {
            payload(to, ChainNetwork.WHOLE_BLOCK, ChainTraffic.Kind.WHOLE_BLOCK, encoded);
            return;
        }
        Optional<byte[]> compact = compactOf.apply(encoded);
        if (compact.isPresent()) {
            payload(to, ChainNetwork.COMPACT_BLOCK, ChainTraffic.Kind.COMPACT_BLOCK, compact.get());
        } else if (encoded.length <= BlockPart.MAX_BLOCK_BYTES) {
            Bytes32 hash = Block.decode(encoded).header().hash(chainId);
            for (BlockPart part : BlockPart.split(hash, encoded)) {
                if (!payload(to, ChainNetwork.BLOCK_PART, ChainTraffic.Kind.WHOLE_BLOCK, part.encode())) {
                    return;     // the link went: the rest would not make a block
                }
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
