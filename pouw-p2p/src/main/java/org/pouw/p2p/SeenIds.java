package org.pouw.p2p;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids one peer is known to have, by announcement either way, so nothing is announced to it twice and its
 * repeats are not passed on. Bounded: the oldest ids are forgotten first.
 */
final class SeenIds {
    private final Map<String, Boolean> ids;

    SeenIds(int capacity) {
        this.ids = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Marks the id as known to the peer; true when it was not known yet. */
    synchronized boolean add(int type, byte[] id) {
        return ids.put(type + ":" + HexFormat.of().formatHex(id), Boolean.TRUE) == null;
    }

    synchronized int size() {
        return ids.size();
    }
}
