package org.pouw.node.net;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.pouw.crypto.DidKey;

/**
 * Slots for transaction fetches in flight: at most {@code total} at once and {@code perPeer} from one peer, so a peer
 * that announces and never serves holds no more than its share. The node keeps two lanes (docs/network.md §4,
 * "Reserved capacity"): one for fee-paying transactions and one reserved for audit openings and slashing evidence,
 * which a flood of fee-paying announcements can not fill. Thread-safe: slots are taken on the transport's threads and
 * given back when a fetch completes.
 */
final class TxFetchLane {
    private final int total;
    private final int perPeer;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<DidKey, Integer> byPeer = new ConcurrentHashMap<>();

    TxFetchLane(int total, int perPeer) {
        if (total < 1 || perPeer < 1 || perPeer > total) {
            throw new IllegalArgumentException("a lane needs 1 <= per peer <= total, got " + perPeer + " of " + total);
        }
        this.total = total;
        this.perPeer = perPeer;
    }

    /** Takes a slot for a fetch from {@code peer}; false when the lane or the peer's share is full. */
    boolean take(DidKey peer) {
        boolean[] taken = {false};
        byPeer.compute(peer, (key, count) -> {
            int held = count == null ? 0 : count;
            if (held >= perPeer) {
                return count;
            }
            if (inFlight.incrementAndGet() > total) {
                inFlight.decrementAndGet();
                return count;
            }
            taken[0] = true;
            return held + 1;
        });
        return taken[0];
    }

    /** Gives back a slot {@link #take} gave for {@code peer}. */
    void release(DidKey peer) {
        byPeer.computeIfPresent(peer, (key, count) -> {
            inFlight.decrementAndGet();
            return count > 1 ? count - 1 : null;
        });
    }

    int inFlight() {
        return inFlight.get();
    }
}
