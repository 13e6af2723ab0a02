package org.pouw.chain.importing;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pouw.chain.block.Block;
import org.pouw.ml.wire.Bytes32;

/**
 * Blocks whose parent is not known yet, kept until it arrives; bounded in count and in bytes, evicting the oldest
 * first, so a peer sending unconnectable blocks costs a bounded amount of memory. Nothing in it has been validated.
 */
final class OrphanPool {
    record Orphan(Bytes32 hash, Block block, byte[] encoded) {
    }

    private final int maxBlocks;
    private final long maxBytes;
    private final Map<Bytes32, Orphan> byHash = new LinkedHashMap<>();
    private long bytes;

    OrphanPool(int maxBlocks, long maxBytes) {
        if (maxBlocks < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("the orphan pool must hold >= 1 block and >= 1 byte");
        }
        this.maxBlocks = maxBlocks;
        this.maxBytes = maxBytes;
    }

    boolean contains(Bytes32 hash) {
        return byHash.containsKey(hash);
    }

    void add(Orphan orphan) {
        if (byHash.containsKey(orphan.hash())) {
            return;
        }
        byHash.put(orphan.hash(), orphan);
        bytes += orphan.encoded().length;
        Iterator<Orphan> oldest = byHash.values().iterator();
        while ((byHash.size() > maxBlocks || bytes > maxBytes) && oldest.hasNext()) {
            Orphan evicted = oldest.next();
            oldest.remove();
            bytes -= evicted.encoded().length;
        }
    }

    /** Takes out every orphan whose parent is {@code parent}, oldest first. */
    List<Orphan> takeChildrenOf(Bytes32 parent) {
        List<Orphan> children = new ArrayList<>();
        Iterator<Orphan> all = byHash.values().iterator();
        while (all.hasNext()) {
            Orphan orphan = all.next();
            if (orphan.block().header().parent().equals(parent)) {
                all.remove();
                bytes -= orphan.encoded().length;
                children.add(orphan);
            }
        }
        return children;
    }

    int size() {
        return byHash.size();
    }
}
