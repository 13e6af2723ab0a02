package org.pouw.chain.importing;

import java.util.LinkedHashMap;
import java.util.Map;
import org.pouw.ml.wire.Bytes32;

/**
 * The hashes of blocks found invalid, so a block sent again is refused without replaying it; bounded, forgetting
 * the oldest first (a forgotten block is only validated again). Only defects of what the block hash names go in:
 * a bad signature, a changed opening or a body that is not the header's leave the hash unblamed, or anyone could
 * blacklist an honest block by sending a corrupted copy first (docs/chain.md §7).
 */
final class InvalidBlocks {
    private final Map<Bytes32, String> reasons;

    InvalidBlocks(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("invalid-block memory must hold >= 1 hash, got " + capacity);
        }
        this.reasons = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Bytes32, String> eldest) {
                return size() > capacity;
            }
        };
    }

    void remember(Bytes32 hash, String reason) {
        reasons.put(hash, reason);
    }

    /** Why {@code hash} was found invalid, or null. */
    String reason(Bytes32 hash) {
        return reasons.get(hash);
    }

    int size() {
        return reasons.size();
    }
}
