package org.pouw.node.net;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.pouw.chain.tx.Transaction;
import org.pouw.crypto.DidKey;
import org.pouw.ml.wire.Bytes32;

/**
 * Transactions a peer relayed ahead of their sender's earlier ones: the mempool refused them for a nonce gap, and
 * they are held here until the gap closes (the transaction before them is taken, by relay, the API or a block), then
 * offered to the mempool again (docs/network.md §4, "Orphan transactions"). Gossip does not keep a sender's order,
 * so without this a chain of transactions crossing a hop out of order lost its later ones: each id is announced to
 * a peer once.
 *
 * <p>Held is what costs nothing to hold: at most {@link #MAX_ORPHANS} in all, {@link #MAX_PER_PEER} from one relay,
 * each at most {@link #MAX_ORPHAN_BYTES}, for {@link #EXPIRY_CRANKS} cranks. A relay at its share makes room only
 * from its own oldest; when the pool is full the oldest orphan of the relay holding the most makes way. So a peer
 * flooding orphans (from one link or many) fills at most its links' shares and pushes out nobody who holds fewer:
 * an honest relay's few orphans stay. Used on the sync thread only.
 */
final class OrphanTransactions {
    static final int MAX_ORPHANS = 256;
    static final int MAX_PER_PEER = 32;
    /** A transfer is a few hundred bytes; larger kinds (openings) are not worth holding on a relay's word. */
    static final int MAX_ORPHAN_BYTES = 16 * 1024;
    /** Ten minutes of one-second cranks. */
    static final long EXPIRY_CRANKS = 600;

    /** One held transaction, with the relay it came from and the crank it arrived at. */
    record Orphan(Bytes32 id, DidKey from, Transaction tx, byte[] bytes, long heldAt) {
    }

    /** By id, oldest first. */
    private final LinkedHashMap<Bytes32, Orphan> byId = new LinkedHashMap<>();
    private final Map<DidKey, Integer> perPeer = new HashMap<>();
    /** Told the relay of each orphan pushed out or expired: it is lost here, and may be learnt again from the relay. */
    private final Consumer<DidKey> lost;

    OrphanTransactions() {
        this(relay -> { });
    }

    OrphanTransactions(Consumer<DidKey> lost) {
        this.lost = lost;
    }

    /**
     * Holds a transaction the mempool refused for a nonce gap. False when it is not held: already held, too large,
     * or {@code from} is at its share and this one is its oldest already.
     */
    boolean hold(DidKey from, Bytes32 id, Transaction tx, byte[] bytes, long now) {
        if (bytes.length > MAX_ORPHAN_BYTES || byId.containsKey(id)) {
            return false;
        }
        if (heldBy(from) >= MAX_PER_PEER) {
            evictOldestOf(from);
        } else if (byId.size() >= MAX_ORPHANS) {
            evictOldestOf(largestHolder());
        }
        byId.put(id, new Orphan(id, from, tx, bytes, now));
        perPeer.merge(from, 1, Integer::sum);
        return true;
    }

    boolean holds(Bytes32 id) {
        return byId.containsKey(id);
    }

    int size() {
        return byId.size();
    }

    int heldBy(DidKey peer) {
        return perPeer.getOrDefault(peer, 0);
    }

    /** Takes out the orphans that come right after {@code sender}'s transaction {@code nonce}, oldest first. */
    List<Orphan> takeChildren(Bytes32 sender, long nonce) {
        List<Orphan> children = new ArrayList<>();
        for (Orphan orphan : byId.values()) {
            if (orphan.tx().sender().equals(sender) && orphan.tx().nonce() == nonce + 1) {
                children.add(orphan);
            }
        }
        children.forEach(child -> remove(child.id()));
        return children;
    }

    /** Every held orphan, oldest first: to offer again when a block may have closed their gaps. */
    List<Orphan> all() {
        return List.copyOf(byId.values());
    }

    void remove(Bytes32 id) {
        Orphan gone = byId.remove(id);
        if (gone != null) {
            perPeer.computeIfPresent(gone.from(), (peer, n) -> n == 1 ? null : n - 1);
        }
    }

    /** Drops what has waited {@link #EXPIRY_CRANKS} or longer: its gap is not closing. */
    void expire(long now) {
        for (Iterator<Orphan> it = byId.values().iterator(); it.hasNext();) {
            Orphan orphan = it.next();
            if (now - orphan.heldAt() < EXPIRY_CRANKS) {
                break;                          // oldest first: the rest are younger
            }
            it.remove();
            perPeer.computeIfPresent(orphan.from(), (peer, n) -> n == 1 ? null : n - 1);
            lost.accept(orphan.from());
        }
    }

    /** A relay that went: what it alone vouched for goes with it, so its share is free for whoever links next. */
    void forget(DidKey peer) {
        if (perPeer.remove(peer) != null) {
            byId.values().removeIf(orphan -> orphan.from().equals(peer));
        }
    }

    private DidKey largestHolder() {
        DidKey largest = null;
        int most = 0;
        for (Orphan orphan : byId.values()) {             // oldest first: ties go to the peer of the oldest orphan
            int held = perPeer.get(orphan.from());
            if (held > most) {
                largest = orphan.from();
                most = held;
            }
        }
        return largest;
    }

    private void evictOldestOf(DidKey peer) {
        for (Orphan orphan : byId.values()) {
            if (orphan.from().equals(peer)) {
                remove(orphan.id());
                lost.accept(peer);
                return;
            }
        }
    }
}
