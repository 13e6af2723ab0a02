package org.pouw.chain.port;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.pouw.chain.block.BlockHeader;
import org.pouw.ml.wire.Bytes32;

/**
 * {@link WatchedHeaders} in memory, for the simulation's nodes and for tests: forgotten at exit. Past {@code capacity}
 * the entry remembered longest ago goes.
 */
public final class InMemoryWatchedHeaders implements WatchedHeaders {
    private final Map<SignerOnParent, BlockHeader> first;

    private record SignerOnParent(Bytes32 parent, Bytes32 signer) {
    }

    public InMemoryWatchedHeaders(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.first = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<SignerOnParent, BlockHeader> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public Optional<BlockHeader> first(Bytes32 parent, Bytes32 signer) {
        return Optional.ofNullable(first.get(new SignerOnParent(parent, signer)));
    }

    @Override
    public void remember(BlockHeader header) {
        first.putIfAbsent(new SignerOnParent(header.parent(), header.miner()), header);
    }

    @Override
    public int size() {
        return first.size();
    }
}
