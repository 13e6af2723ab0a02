package org.pouw.chain.net;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.pouw.ml.wire.Bytes32;

/**
 * The block bodies asked of peers and not yet answered: of whom, and how their time runs ({@link BodyDeadline}). A
 * body is asked of one peer at a time; an answer from any other is not the one awaited.
 */
final class BlockRequests {
    /** A body asked of {@code peer}. */
    record Request(PeerId peer, BodyDeadline deadline) {
    }

    private final Map<Bytes32, Request> inFlight = new HashMap<>();

    void ask(Bytes32 hash, PeerId peer, long now) {
        inFlight.put(hash, new Request(peer, new BodyDeadline(now)));
    }

    /** The request for {@code hash} if it is awaited from {@code from}; null when not asked, or asked of another. */
    Request askedOf(Bytes32 hash, PeerId from) {
        Request request = inFlight.get(hash);
        return request != null && request.peer().equals(from) ? request : null;
    }

    boolean contains(Bytes32 hash) {
        return inFlight.containsKey(hash);
    }

    void remove(Bytes32 hash) {
        inFlight.remove(hash);
    }

    int size() {
        return inFlight.size();
    }

    long from(PeerId peer) {
        return inFlight.values().stream().filter(r -> r.peer().equals(peer)).count();
    }

    /** Forgets every request of a peer that went; returns their hashes. */
    List<Bytes32> dropAllOf(PeerId peer) {
        List<Bytes32> lost = inFlight.entrySet().stream().filter(e -> e.getValue().peer().equals(peer))
                .map(Map.Entry::getKey).toList();
        lost.forEach(inFlight::remove);
        return lost;
    }

    /** The requests late at tick {@code now} that {@code giveUp} agrees to give up on. */
    List<Map.Entry<Bytes32, Request>> late(long now, BiPredicate<Bytes32, Request> giveUp) {
        return inFlight.entrySet().stream()
                .filter(e -> e.getValue().deadline().late(now))
                .filter(e -> giveUp.test(e.getKey(), e.getValue()))
                .toList();
    }

    /** Requests in flight per peer, among the hashes {@code counted} holds. */
    Map<PeerId, Integer> busy(Predicate<Bytes32> counted) {
        Map<PeerId, Integer> busy = new HashMap<>();
        inFlight.forEach((hash, request) -> {
            if (counted.test(hash)) {
                busy.merge(request.peer(), 1, Integer::sum);
            }
        });
        return busy;
    }
}
