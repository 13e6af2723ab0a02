package org.pouw.node.net;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedSet;
import org.pouw.chain.net.PeerId;
import org.pouw.ml.wire.Bytes32;

/**
 * Compact blocks this node asked an announcer for (BIP 152's low-bandwidth mode; docs/network.md §4): one ask per
 * block hash, at most {@value #PER_PEER} of one peer and {@value #MAX_ASKS} in all, each for at most
 * {@value #EXPIRY_TICKS} ticks. Later announcers of a hash being asked for are remembered (up to
 * {@value #MAX_ALTERNATES}) rather than asked too: when the ask is not served, in time or at all, the block is fetched
 * whole from them, so an announcer that never serves costs this node one fallback, not a stall. Not thread-safe: used
 * on the sync thread.
 */
final class CompactBlockAsks {
    /** Asks in flight to one peer. */
    static final int PER_PEER = 2;
    /** Asks in flight in all; an announcement past them is left to the sync (fetched whole). */
    static final int MAX_ASKS = 16;
    /** Ticks an announcer may take to serve the compact block it announced. */
    static final int EXPIRY_TICKS = 3;
    /** Other announcers remembered for one ask's fallback. */
    static final int MAX_ALTERNATES = 8;

    /** What to do with an announcement. */
    enum Verdict {
        /** Ask the announcer for the compact block. */
        ASK,
        /** Already asked of another announcer: this one is remembered for the fallback. */
        WAIT,
        /** Over a bound: leave it to the sync. */
        TO_SYNC
    }

    /** An ask that ended without a compact block: the announcer, and the others to fetch it whole from. */
    record Unserved(PeerId announcer, Bytes32 hash, List<PeerId> others) {
    }

    private static final class Ask {
        final PeerId announcer;
        final long askedAt;
        final SequencedSet<PeerId> others = new LinkedHashSet<>();

        Ask(PeerId announcer, long askedAt) {
            this.announcer = announcer;
            this.askedAt = askedAt;
        }
    }

    private final Map<Bytes32, Ask> asks = new LinkedHashMap<>();

    /** {@code peer} announced {@code hash} at tick {@code now}. */
    Verdict announced(PeerId peer, Bytes32 hash, long now) {
        Ask ask = asks.get(hash);
        if (ask != null) {
            if (!ask.announcer.equals(peer) && ask.others.size() < MAX_ALTERNATES) {
                ask.others.add(peer);
            }
            return Verdict.WAIT;
        }
        if (asks.size() >= MAX_ASKS || asksOf(peer) >= PER_PEER) {
            return Verdict.TO_SYNC;
        }
        asks.put(hash, new Ask(peer, now));
        return Verdict.ASK;
    }

    /** {@code peer} answered its ask of {@code hash}: the other announcers, or empty if nothing waited for it. */
    Optional<List<PeerId>> answered(PeerId peer, Bytes32 hash) {
        Ask ask = asks.get(hash);
        if (ask == null || !ask.announcer.equals(peer)) {
            return Optional.empty();
        }
        asks.remove(hash);
        return Optional.of(List.copyOf(ask.others));
    }

    /** The asks older than {@value #EXPIRY_TICKS} ticks, given up. */
    List<Unserved> tick(long now) {
        List<Unserved> late = new ArrayList<>();
        for (Iterator<Map.Entry<Bytes32, Ask>> it = asks.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Bytes32, Ask> entry = it.next();
            if (now - entry.getValue().askedAt > EXPIRY_TICKS) {
                it.remove();
                late.add(unserved(entry.getKey(), entry.getValue()));
            }
        }
        return late;
    }

    /** A peer went: its asks are given up; it leaves the others' fallbacks. */
    List<Unserved> forget(PeerId peer) {
        List<Unserved> gone = new ArrayList<>();
        for (Iterator<Map.Entry<Bytes32, Ask>> it = asks.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Bytes32, Ask> entry = it.next();
            entry.getValue().others.remove(peer);
            if (entry.getValue().announcer.equals(peer)) {
                it.remove();
                gone.add(unserved(entry.getKey(), entry.getValue()));
            }
        }
        return gone;
    }

    int inFlight() {
        return asks.size();
    }

    private int asksOf(PeerId peer) {
        return (int) asks.values().stream().filter(ask -> ask.announcer.equals(peer)).count();
    }

    private static Unserved unserved(Bytes32 hash, Ask ask) {
        return new Unserved(ask.announcer, hash, List.copyOf(ask.others));
    }
}
