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
 * and delivers nothing can not hold the node's sync. Not thread-safe.
 */
public final class SyncPeers {
    private final Map<PeerId, Long> delivered = new HashMap<>();
    private final Map<PeerId, Integer> emptySessions = new HashMap<>();
    private final Map<PeerId, Long> lastAsked = new HashMap<>();
    private long sessions;

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
                .comparingInt((PeerId peer) -> Math.min(1, emptySessions.getOrDefault(peer, 0)))
                .thenComparingLong(peer -> emptySessions.getOrDefault(peer, 0) == 0 ? -delivered(peer) : 0)
                .thenComparingLong(peer -> lastAsked.getOrDefault(peer, -1L))
                .thenComparing(PeerId::name));
        chosen.ifPresent(peer -> lastAsked.put(peer, sessions++));
        return chosen;
    }

    public void forget(PeerId peer) {
        delivered.remove(peer);
        emptySessions.remove(peer);
        lastAsked.remove(peer);
    }
}
