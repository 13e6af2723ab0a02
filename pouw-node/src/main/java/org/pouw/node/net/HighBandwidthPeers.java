package org.pouw.node.net;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedSet;
import org.pouw.crypto.DidKey;

/**
 * The peers this node asks to push it new tips unannounced (BIP 152's high-bandwidth mode; docs/network.md §4): the
 * last {@code max} peers that gave it a new block first. A peer that delivers one moves to the newest place; when a
 * new one comes in and the set is full, the one that delivered least lately leaves it (and is told so, going back to
 * low-bandwidth: announced first, asked by this node). A peer has to win the race to a new tip to get in, so a Sybil
 * can not buy a place with connections alone; an honest fast peer that loses its place wins it back with its next
 * block. Not thread-safe: used on the sync thread.
 */
final class HighBandwidthPeers {
    /** A peer to be told it is now (or no longer) to push this node compact blocks unannounced. */
    record Change(DidKey peer, boolean highBandwidth) {
    }

    private final int max;
    /** Oldest delivery first. */
    private final SequencedSet<DidKey> chosen = new LinkedHashSet<>();

    HighBandwidthPeers(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must be >= 0, got " + max);
        }
        this.max = max;
    }

    /** {@code peer} gave this node a new tip first: what to tell whom. */
    List<Change> deliveredFirst(DidKey peer) {
        if (max == 0) {
            return List.of();
        }
        if (chosen.remove(peer)) {
            chosen.addLast(peer);
            return List.of();
        }
        List<Change> changes = new ArrayList<>();
        if (chosen.size() == max) {
            changes.add(new Change(chosen.removeFirst(), false));
        }
        chosen.addLast(peer);
        changes.add(new Change(peer, true));
        return changes;
    }

    /** A peer's link went; its place is taken by the next peer that delivers a new tip first. */
    void forget(DidKey peer) {
        chosen.remove(peer);
    }

    /** The peers chosen, the one that delivered least lately first. */
    List<DidKey> chosen() {
        return List.copyOf(chosen);
    }
}
