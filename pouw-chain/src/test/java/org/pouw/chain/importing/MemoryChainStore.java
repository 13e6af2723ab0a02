package org.pouw.chain.importing;

import java.util.List;
import java.util.Optional;
import org.pouw.chain.port.ChainStore;
import org.pouw.chain.port.InMemoryChainStore;
import org.pouw.chain.port.StoredBlock;
import org.pouw.ml.wire.Bytes32;

/**
 * The in-memory ChainStore with a switch that makes imports fail as a full disk would, for the import's unit tests;
 * pouw-store runs the same scenarios on real databases.
 */
final class MemoryChainStore implements ChainStore {
    private final InMemoryChainStore stored = new InMemoryChainStore();
    /** When set, the next import fails as a full disk would. */
    boolean failing;

    @Override
    public void importBlock(StoredBlock block, Optional<Bytes32> newTip) {
        if (failing) {
            throw new IllegalStateException("disk full");
        }
        stored.importBlock(block, newTip);
    }

    @Override
    public Optional<StoredBlock> block(Bytes32 hash) {
        return stored.block(hash);
    }

    @Override
    public List<StoredBlock> blocksInHeightOrder() {
        return stored.blocksInHeightOrder();
    }

    @Override
    public long blockCount() {
        return stored.blockCount();
    }

    @Override
    public void replaceEncoding(Bytes32 hash, byte[] encoded) {
        stored.replaceEncoding(hash, encoded);
    }

    @Override
    public void setTip(Bytes32 hash) {
        stored.setTip(hash);
    }

    @Override
    public Optional<Bytes32> tip() {
        return stored.tip();
    }
}
