package org.pouw.node.net;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.pouw.crypto.DidKey;
import org.pouw.ml.wire.Bytes32;

/**
 * Transaction ids a peer announced while its share of a fetch lane ({@link TxFetchLane}) was taken, kept in the order
 * announced and fetched as the lane's slots come back (docs/network.md §4). Without it an id beyond a peer's fetches
 * in flight was dropped, and since the transport tells each id to a peer once, a burst reached the next hop only in
 * part (measured: 104 of 200 transfers announced at once crossed one link and stayed there). At most
 * {@value #MAX_PER_PEER} ids a peer (Bitcoin keeps 5,000 announcements a peer), so a flooding peer holds a bounded
 * share of memory; more are dropped here, and {@link TxReconciliation} asks the peer's inventory for them once the
 * list has room again. Thread-safe: announcements arrive on the transport's threads and
 * slots come back on the fetches' completions.
 */
final class WaitingTxAnnouncements {
    static final int MAX_PER_PEER = 5_000;

    private final Map<DidKey, LinkedHashSet<Bytes32>> byPeer = new HashMap<>();

    /** Keeps {@code id} announced by {@code peer} for later; false when the peer's share is full (dropped). */
    synchronized boolean add(DidKey peer, Bytes32 id) {
        LinkedHashSet<Bytes32> ids = byPeer.computeIfAbsent(peer, key -> new LinkedHashSet<>());
        if (ids.size() >= MAX_PER_PEER && !ids.contains(id)) {
            return false;
        }
        ids.add(id);
        return true;
    }

    /** The oldest id {@code peer} announced that {@code held} does not hold yet, taken off the list; empty if none. */
    synchronized Optional<Bytes32> next(DidKey peer, Predicate<Bytes32> held) {
        LinkedHashSet<Bytes32> ids = byPeer.get(peer);
        if (ids == null) {
            return Optional.empty();
        }
        Optional<Bytes32> found = Optional.empty();
        for (Iterator<Bytes32> it = ids.iterator(); it.hasNext() && found.isEmpty(); ) {
            Bytes32 id = it.next();
            it.remove();
            if (!held.test(id)) {
                found = Optional.of(id);
            }
        }
        if (ids.isEmpty()) {
            byPeer.remove(peer);
        }
        return found;
    }

    /** Peers with ids waiting, in no particular order. */
    synchronized List<DidKey> peers() {
        return new ArrayList<>(byPeer.keySet());
    }

    /** The peer went, or failed to serve: what it announced is left to others' announcements. */
    synchronized void forget(DidKey peer) {
        byPeer.remove(peer);
    }

    /** Ids {@code peer} has waiting. */
    synchronized int size(DidKey peer) {
        LinkedHashSet<Bytes32> ids = byPeer.get(peer);
        return ids == null ? 0 : ids.size();
    }

    synchronized int size() {
        return byPeer.values().stream().mapToInt(LinkedHashSet::size).sum();
    }
}
