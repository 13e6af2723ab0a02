package org.pouw.chain.net;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pouw.chain.block.Block;
import org.pouw.ml.wire.Bytes32;

/**
 * The bodies of one batch of taken headers, fetched from several peers at once and handed back strictly in order
 * (docs/network.md §3). A moving window: at most {@link #AHEAD} bodies past the last one imported are asked for, at
 * most {@link #PER_PEER} of them from one peer at a time, each from the least busy peer that may have it. A body a
 * peer did not serve in time, or served wrong, is asked of another peer, never again of that one; a peer that says
 * it does not hold a body is not asked for any more of this batch (it is behind the sync peer). Not thread-safe.
 */
final class BodyWindow {
    /** Bodies asked for past the last one imported, from all peers together. */
    static final int AHEAD = 32;
    /** Bodies of a batch asked of one peer at once. */
    static final int PER_PEER = 4;

    /** A body to ask for, and of whom. */
    record Ask(Bytes32 hash, PeerId peer) {
    }

    /** A body that arrived, and who served it (credited with it if it moves the tip). */
    record Arrival(Bytes32 hash, Block block, PeerId from) {
    }

    private final List<Bytes32> batch;
    private final Set<Bytes32> members;
    private final Deque<Bytes32> again = new ArrayDeque<>();
    private final Map<Bytes32, Set<PeerId>> failedBy = new HashMap<>();
    private final Set<PeerId> lacking = new HashSet<>();
    private final Map<Bytes32, Arrival> arrived = new HashMap<>();
    private int next;
    private int imported;

    BodyWindow(List<Bytes32> batch) {
        this.batch = List.copyOf(batch);
        this.members = Set.copyOf(batch);
    }

    boolean holds(Bytes32 hash) {
        return members.contains(hash);
    }

    /**
     * The next body to ask for and the peer to ask: of {@code peers} (in order of preference), the least busy one
     * under {@link #PER_PEER} that neither failed this body nor lacks this batch. Empty when nothing is wanted now,
     * or every peer that may have it is busy.
     */
    Optional<Ask> next(List<PeerId> peers, Map<PeerId, Integer> busy) {
        Bytes32 hash = wanted();
        if (hash == null) {
            return Optional.empty();
        }
        PeerId best = null;
        for (PeerId peer : peers) {
            int load = busy.getOrDefault(peer, 0);
            if (load < PER_PEER && mayAsk(peer, hash) && (best == null || load < busy.getOrDefault(best, 0))) {
                best = peer;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        if (again.isEmpty()) {
            next++;
        } else {
            again.poll();
        }
        return Optional.of(new Ask(hash, best));
    }

    /** Whether a body is wanted that none of {@code peers} may be asked for any more: the batch can not complete. */
    boolean stranded(List<PeerId> peers) {
        Bytes32 hash = wanted();
        return hash != null && peers.stream().noneMatch(peer -> mayAsk(peer, hash));
    }

    /** Whether one of {@code peers} other than {@code slow} may be asked for {@code hash}. */
    boolean askableElsewhere(Bytes32 hash, PeerId slow, java.util.Collection<PeerId> peers) {
        return peers.stream().anyMatch(peer -> !peer.equals(slow) && mayAsk(peer, hash));
    }

    /** {@code peer} did not serve {@code hash} in time, or served a bad copy: asked of another peer. */
    void failed(Bytes32 hash, PeerId peer) {
        failedBy.computeIfAbsent(hash, h -> new HashSet<>()).add(peer);
        again.add(hash);
    }

    /** {@code peer} does not hold {@code hash}: asked of another, and that peer not asked for this batch again. */
    void lacks(Bytes32 hash, PeerId peer) {
        lacking.add(peer);
        again.add(hash);
    }

    /** The request for {@code hash} went with its peer's link: asked again. */
    void lost(Bytes32 hash) {
        again.add(hash);
    }

    void arrived(Bytes32 hash, Block block, PeerId from) {
        arrived.put(hash, new Arrival(hash, block, from));
    }

    /** The next body in order, if it arrived; {@link #importedOne} once it was taken. */
    Optional<Arrival> nextInOrder() {
        return imported < batch.size() ? Optional.ofNullable(arrived.remove(batch.get(imported))) : Optional.empty();
    }

    void importedOne() {
        imported++;
    }

    boolean complete() {
        return imported == batch.size();
    }

    /** The batch's hashes not imported yet, in order. */
    List<Bytes32> notImported() {
        return batch.subList(imported, batch.size());
    }

    private Bytes32 wanted() {
        if (!again.isEmpty()) {
            return again.peek();
        }
        return next < batch.size() && next < imported + AHEAD ? batch.get(next) : null;
    }

    private boolean mayAsk(PeerId peer, Bytes32 hash) {
        return !lacking.contains(peer) && !failedBy.getOrDefault(hash, Set.of()).contains(peer);
    }
}
