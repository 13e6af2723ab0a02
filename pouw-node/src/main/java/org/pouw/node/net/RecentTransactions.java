package org.pouw.node.net;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.pouw.ml.wire.Bytes32;

/**
 * The transactions this node took into its mempool lately, by id, so peers it announced them to can fetch them
 * (docs/network.md §4): the newest {@value #CAPACITY}, the oldest forgotten first. Thread-safe.
 */
final class RecentTransactions {
    static final int CAPACITY = 20_000;

    private final Map<Bytes32, byte[]> byId = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Bytes32, byte[]> eldest) {
            return size() > CAPACITY;
        }
    };

    synchronized void add(Bytes32 id, byte[] encoded) {
        byId.put(id, encoded.clone());
    }

    synchronized boolean holds(Bytes32 id) {
        return byId.containsKey(id);
    }

    /**
     * The transactions held now, by id, for a compact block's rebuild: a copy of the map, sharing the encodings
     * (which nobody changes).
     */
    synchronized Map<Bytes32, byte[]> snapshot() {
        return new java.util.HashMap<>(byId);
    }

    /** The ids held, oldest first (the order this node took them): its inventory ({@link TxInventory}). */
    synchronized java.util.List<Bytes32> ids() {
        return java.util.List.copyOf(byId.keySet());
    }

    synchronized Optional<byte[]> find(Bytes32 id) {
        byte[] encoded = byId.get(id);
        return encoded == null ? Optional.empty() : Optional.of(encoded.clone());
    }
}
