package org.pouw.chain.port;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pouw.ml.wire.Bytes32;

/**
 * The {@link ChainStore} port kept in memory, for the simulated nodes and the import's unit tests: they test
 * consensus, not databases (pouw-store's SQLite and PostgreSQL adapters pass the same port's contract).
 */
public final class InMemoryChainStore implements ChainStore {
    private final Map<Bytes32, StoredBlock> blocks = new LinkedHashMap<>();
    private Bytes32 tip;

    @Override
    public void importBlock(StoredBlock block, Optional<Bytes32> newTip) {
        blocks.putIfAbsent(block.hash(), block);
        newTip.ifPresent(hash -> tip = hash);
    }

    @Override
    public Optional<StoredBlock> block(Bytes32 hash) {
        return Optional.ofNullable(blocks.get(hash));
    }

    @Override
    public List<StoredBlock> blocksInHeightOrder() {
        List<StoredBlock> all = new ArrayList<>(blocks.values());
        all.sort(Comparator.comparingLong(StoredBlock::height)
                .thenComparing((a, b) -> Arrays.compareUnsigned(a.hash().toArray(), b.hash().toArray())));
        return all;
    }

    @Override
    public void replaceEncoding(Bytes32 hash, byte[] encoded) {
        blocks.computeIfPresent(hash, (key, stored) -> new StoredBlock(key, stored.parent(), stored.height(),
                encoded));
    }

    @Override
    public void setTip(Bytes32 hash) {
        tip = hash;
    }

    @Override
    public Optional<Bytes32> tip() {
        return Optional.ofNullable(tip);
    }

    @Override
    public long blockCount() {
        return blocks.size();
    }
}
