package org.pouw.node.net;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.pouw.crypto.DidKey;

/**
 * When to ask a peer for its transaction inventory ({@link TxInventory}) again (docs/network.md §4, "Overload"). A
 * peer's announcements past the ids kept waiting for it ({@link WaitingTxAnnouncements}), or forgotten when one of its
 * fetches failed, are dropped; the transport tells each id to a peer once, so without a second way to learn them those
 * transactions would never cross this hop. A peer with something dropped is asked for its inventory once its waiting
 * list has room again (below half), at most once every {@value #INTERVAL_CRANKS} cranks and one ask in flight, and
 * the ids this node lacks are kept waiting as if announced. The answer itself can overflow the list, and a sender's
 * later transactions may have been refused for a gap the dropped ones left; so while an answer listed missing ids the
 * peer is asked again, but only once the mempool took at least one transaction from it since the last ask: rounds go
 * on while they make progress, however slowly on a loaded machine, and stop on a peer whose missing ids never arrive
 * (a liar, or ids mined since), so a peer can make this node fetch no more than its announcements could. Memory: a few fields a linked peer. Thread-safe: drops
 * are noted on the transport's threads, asks made on the sync thread.
 */
final class TxReconciliation {
    /** Cranks (seconds in the node) between two inventories asked of one peer. */
    static final int INTERVAL_CRANKS = 2;

    private static final class State {
        boolean dropped;
        boolean asking;
        /** The last answer listed ids this node lacked. */
        boolean more;
        /** Transactions from this peer the mempool took since the last ask. */
        int takenSinceAsk;
        long lastAsked = Long.MIN_VALUE / 2;
    }

    private final Map<DidKey, State> byPeer = new HashMap<>();

    /** Something {@code peer} announced was dropped (its waiting list full) or forgotten (a fetch failed). */
    synchronized void dropped(DidKey peer) {
        byPeer.computeIfAbsent(peer, key -> new State()).dropped = true;
    }

    /** The mempool took a transaction {@code peer} relayed: progress, if a round is going on. */
    synchronized void taken(DidKey peer) {
        State state = byPeer.get(peer);
        if (state != null) {
            state.takenSinceAsk++;
        }
    }

    /**
     * The linked peers to ask for their inventory at crank {@code crank}, each marked as asked: those with something
     * dropped, no ask in flight, fewer than {@code maxWaiting / 2} ids waiting and the interval passed. Peers no
     * longer linked are forgotten.
     */
    synchronized List<DidKey> due(long crank, Set<DidKey> linked, ToIntFunction<DidKey> waiting, int maxWaiting) {
        byPeer.keySet().retainAll(linked);
        List<DidKey> due = new ArrayList<>();
        byPeer.forEach((peer, state) -> {
            if ((state.dropped || state.more && state.takenSinceAsk > 0) && !state.asking && crank - state.lastAsked >= INTERVAL_CRANKS
                    && waiting.applyAsInt(peer) < maxWaiting / 2) {
                state.dropped = false;
                state.more = false;
                state.takenSinceAsk = 0;
                state.asking = true;
                state.lastAsked = crank;
                due.add(peer);
            }
        });
        return due;
    }

    /**
     * {@code peer} answered, listing {@code missing} ids this node lacked (now waiting): asked again, if any, once a
     * transaction from it was taken since this ask.
     */
    synchronized void answered(DidKey peer, int missing) {
        State state = byPeer.get(peer);
        if (state == null) {
            return;     // the link went meanwhile
        }
        state.asking = false;
        state.more = missing > 0;
    }

    /** {@code peer} did not answer (or not with an inventory): not asked again until it drops something more. */
    synchronized void failed(DidKey peer) {
        State state = byPeer.get(peer);
        if (state != null) {
            state.asking = false;
        }
    }

    synchronized void forget(DidKey peer) {
        byPeer.remove(peer);
    }
}
