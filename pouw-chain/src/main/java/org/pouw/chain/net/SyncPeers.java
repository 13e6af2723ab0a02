package org.pouw.chain.net;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which peer to sync from, by <em>validated</em> progress (docs/network.md §3): the blocks each peer served that this
 * node validated and that moved its tip, never what a peer claims in its {@code hello} or its headers. A peer whose
 * last session brought a block (or that was not asked yet) comes first, the one that delivered most of those; a peer
 * whose sessions end without a new block goes behind them, and those are asked in turn, so a peer that claims much
 * and delivers nothing can not hold the node's sync. Among peers whose progress is equal the nearer (the round trip
 * the transport measured) is asked first: a round trip only breaks that tie, it never ranks a peer above one that
 * delivered more, nor changes the turns of peers that delivered nothing (a near peer with nothing to give must not
 * keep a far one that has from its turn). Not thread-safe.
 */
public final class SyncPeers {
    private final PeerRoundTrips roundTrips;
    private final Map<PeerId, Long> delivered = new HashMap<>();
    private final Map<PeerId, Integer> emptySessions = new HashMap<>();
    private final Map<PeerId, Long> lastAsked = new HashMap<>();
    private long sessions;

    /** Peers ranked by their progress alone (no round trips measured). */
    public SyncPeers() {
        this(PeerRoundTrips.NONE);
    }

    public SyncPeers(PeerRoundTrips roundTrips) {
        this.roundTrips = roundTrips;
    }

    /** {@code blocks} served by {@code peer} validated and moved the tip. */
    public void delivered(PeerId peer, int blocks) {
        delivered.merge(peer, (long) blocks, Long::sum);
        emptySessions.put(peer, 0);
    }

    /** A session with {@code peer} ended; {@code newBlocks}: whether it brought any. */
    public void sessionEnded(PeerId peer, boolean newBlocks) {
        if (!newBlocks) {
            emptySessions.merge(peer, 1, Integer::sum);
        }
    }

    public long delivered(PeerId peer) {
        return delivered.getOrDefault(peer, 0L);
    }

    /** The peer to ask next among {@code connected}; empty when none is. */
    public Optional<PeerId> choose(Set<PeerId> connected) {
        Optional<PeerId> chosen = connected.stream().min(Comparator
                .comparingInt((PeerId peer) -> delivering(peer) ? 0 : 1)
                .thenComparingLong(peer -> delivering(peer) ? -delivered(peer) : 0)
                .thenComparingLong(peer -> delivering(peer) ? roundTrips.nanosOrLast(peer) : 0)
                .thenComparingLong(peer -> lastAsked.getOrDefault(peer, -1L))
                .thenComparing(PeerId::name));
        chosen.ifPresent(peer -> lastAsked.put(peer, sessions++));
        return chosen;
    }

    /** Whether {@code peer}'s last session brought a block, or it was not asked yet. */
    private boolean delivering(PeerId peer) {
        return emptySessions.getOrDefault(peer, 0) == 0;
    }

    public void forget(PeerId peer) {
        delivered.remove(peer);
        emptySessions.remove(peer);
        lastAsked.remove(peer);
    }
}
