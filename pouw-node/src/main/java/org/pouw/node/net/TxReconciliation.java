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
 * the ids this node lacks are kept waiting as if announced.
 *
 * <p>Each state a round can stop in, and what re-arms it:
 * <ul>
 * <li>an ask not answered (the link, a timeout, the peer over its outbound budget): asked again, the interval doubling
 *     up to {@value #MAX_BACKOFF_CRANKS} cranks while it keeps failing (before, such a peer was never asked again
 *     unless it dropped more, and what it had dropped stayed lost);</li>
 * <li>an answer listing missing ids (it can overflow the list, and a sender's later transactions may have been refused
 *     for the gap the dropped ones left): asked again once the mempool took a transaction from the peer since the
 *     ask, by relay or out of the orphans its relay filled, so rounds go on while they make progress however slowly;
 *     without progress, once every {@value #MAX_BACKOFF_CRANKS} cranks (a peer whose missing ids never arrive, a
 *     liar, buys no more than that; an honest peer whose listed ids were lost here, or refused for a passing reason,
 *     is not given up on: before, its rounds stopped for good);</li>
 * <li>a transaction fetched from the peer and then lost here (an orphan pushed out, expired or not held): the same
 *     as a missing id, asked again after the next take from the peer, or {@value #MAX_BACKOFF_CRANKS} cranks after
 *     the last ask when none comes (the lost one may be the very gap);</li>
 * <li>an answer listing nothing missing: done, until something is dropped or lost again.</li>
 * </ul>
 * Memory: a few fields a linked peer. Thread-safe: drops are noted on the transport's threads, asks made on the sync
 * thread.
 */
final class TxReconciliation {
    /** Cranks (seconds in the node) between two inventories asked of one peer. */
    static final int INTERVAL_CRANKS = 2;
    /** The longest wait between asks of a peer whose asks keep failing. */
    static final int MAX_BACKOFF_CRANKS = 32;

    private static final long NEVER = Long.MIN_VALUE / 2;

    private static final class State {
        boolean dropped;
        boolean asking;
        /** Ids this node lacks are known to remain with the peer: the last answer listed some, or one was lost here. */
        boolean more;
        /** Transactions from this peer the mempool took since the last ask. */
        int takenSinceAsk;
        /** Asks in a row not answered. */
        int failures;
        long lastAsked = NEVER;
        /** The crank a peer never asked was first seen owing ids without progress: its slow clock starts there. */
        long owedSince = NEVER;
    }

    private final Map<DidKey, State> byPeer = new HashMap<>();

    /** Something {@code peer} announced was dropped (its waiting list full) or forgotten (a fetch failed). */
    synchronized void dropped(DidKey peer) {
        byPeer.computeIfAbsent(peer, key -> new State()).dropped = true;
    }

    /**
     * A transaction fetched from {@code peer} was lost here (an orphan pushed out, expired or not held): learnt again
     * from its inventory once a transaction from it is taken, which is what closes the lost one's gap.
     */
    synchronized void lost(DidKey peer) {
        byPeer.computeIfAbsent(peer, key -> new State()).more = true;
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
     * dropped (or owing ids, and a transaction taken since the last ask or none for {@value #MAX_BACKOFF_CRANKS}
     * cranks), no ask in flight, fewer than
     * {@code maxWaiting / 2} ids waiting and the interval passed. Peers no longer linked are forgotten.
     */
    synchronized List<DidKey> due(long crank, Set<DidKey> linked, ToIntFunction<DidKey> waiting, int maxWaiting) {
        byPeer.keySet().retainAll(linked);
        List<DidKey> due = new ArrayList<>();
        byPeer.forEach((peer, state) -> {
            if ((state.dropped || state.more && (state.takenSinceAsk > 0 || slowRoundDue(state, crank)))
                    && !state.asking
                    && crank - state.lastAsked >= interval(state) && waiting.applyAsInt(peer) < maxWaiting / 2) {
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

    /** Owed ids and no progress: asked once every {@value #MAX_BACKOFF_CRANKS} cranks. */
    private static boolean slowRoundDue(State state, long crank) {
        if (state.lastAsked == NEVER && state.owedSince == NEVER) {
            state.owedSince = crank;
        }
        long since = state.lastAsked == NEVER ? state.owedSince : state.lastAsked;
        return crank - since >= MAX_BACKOFF_CRANKS;
    }

    private static long interval(State state) {
        return Math.min((long) INTERVAL_CRANKS << Math.min(state.failures, 16), MAX_BACKOFF_CRANKS);
    }

    /**
     * {@code peer} answered, listing {@code missing} ids this node lacked (now waiting): asked again, if any, once a
     * transaction from it was taken since this ask. A loss noted while the ask was in flight is kept.
     */
    synchronized void answered(DidKey peer, int missing) {
        State state = byPeer.get(peer);
        if (state == null) {
            return;     // the link went meanwhile
        }
        state.asking = false;
        state.failures = 0;
        state.more |= missing > 0;
    }

    /**
     * {@code peer} did not answer (or not with an inventory): asked again after a longer interval, as what it dropped
     * is still owed; a peer that never answers costs a one-byte request every {@value #MAX_BACKOFF_CRANKS} cranks.
     */
    synchronized void failed(DidKey peer) {
        State state = byPeer.get(peer);
        if (state != null) {
            state.asking = false;
            state.dropped = true;
            state.failures++;
        }
    }

    synchronized void forget(DidKey peer) {
        byPeer.remove(peer);
    }
}
