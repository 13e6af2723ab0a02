package org.pouw.node.net;

import java.time.InstantSource;
import java.util.EnumMap;
import java.util.Map;
import org.pouw.crypto.DidKey;
import org.pouw.p2p.peers.ByteBudgets;

/**
 * Byte limits of the chain protocol per peer and message type, on top of the transport's one budget per peer
 * (docs/network.md §4): a peer may not spend its whole transport budget on the one message type that costs this node
 * most. Inbound, each type a peer may send unasked has its own token bucket ({@link Inbound}); a message over it is
 * dropped and charged as flooding. Outbound, the bulk objects this node serves (block and transaction bodies) draw on
 * one budget per asking peer, so a peer repeating requests for a large block can not make this node send far more
 * than it asks for; a request over it is answered "not found", and the peer asks another.
 */
final class ChainBudgets {
    /** What a peer may send unasked, each with its own budget. */
    enum Inbound {
        /** Requests whose answers cost this node up to 240 KiB each. */
        GET_HEADERS(4 * 1024, 16 * 1024),
        /** Answers: only the sync peer's are read, but anyone can send them. */
        HEADERS(1024 * 1024, 2 * 1024 * 1024),
        /** Whole blocks pushed unasked, each a replay. */
        WHOLE_BLOCK(1024 * 1024, 4 * 1024 * 1024),
        /** Requests for a compact block's missing transactions: each answer costs this node up to 240 KiB. */
        GET_BLOCK_TXN(16 * 1024, 64 * 1024),
        /** Rejects: information only. */
        REJECT(4 * 1024, 16 * 1024),
        /** {@code send_compact}: one byte, sent when a peer's choice of high-bandwidth peers changes. */
        SEND_COMPACT(64, 1024);

        final long bytesPerSecond;
        final long burst;

        Inbound(long bytesPerSecond, long burst) {
            this.bytesPerSecond = bytesPerSecond;
            this.burst = burst;
        }
    }

    /** Bulk bytes served to one peer per second, and at once: a whole 64 MiB object fits in the burst. */
    static final long BULK_OUT_PER_SECOND = 4L * 1024 * 1024;
    static final long BULK_OUT_BURST = 64L * 1024 * 1024;

    private final Map<Inbound, ByteBudgets> inbound = new EnumMap<>(Inbound.class);
    private final ByteBudgets bulkOut;

    ChainBudgets(InstantSource clock) {
        for (Inbound type : Inbound.values()) {
            inbound.put(type, new ByteBudgets(type.bytesPerSecond, type.burst, clock));
        }
        bulkOut = new ByteBudgets(BULK_OUT_PER_SECOND, BULK_OUT_BURST, clock);
    }

    /** Whether {@code peer} may send {@code bytes} of {@code type} now (taken from its budget if so). */
    boolean receive(DidKey peer, Inbound type, long bytes) {
        return inbound.get(type).trySpend(peer.toString(), bytes);
    }

    /** Whether this node may serve {@code peer} a bulk object of {@code bytes} now (taken from its budget if so). */
    boolean serve(DidKey peer, long bytes) {
        return bulkOut.trySpend(peer.toString(), bytes);
    }

    /** A peer's link went: its buckets go too (a new link starts full, as the transport's does). */
    void forget(DidKey peer) {
        inbound.values().forEach(budget -> budget.forget(peer.toString()));
        bulkOut.forget(peer.toString());
    }
}
