package org.pouw.chain.port;

import java.util.List;
import java.util.Optional;
import org.pouw.ml.wire.Bytes32;

/**
 * Where a node keeps the blocks it validated and the tip it follows (ARCHITECTURE.md §3, a port of pouw-chain;
 * SQLite and PostgreSQL adapters in pouw-store). A restarting node reads every block back in height order and
 * rebuilds its tree and states by applying them again; the stored tip tells it which branch it followed, so a deep
 * reorg it held for the operator stays held (docs/chain.md §6).
 */
public interface ChainStore {
    /**
     * Stores a validated block and, if adding it moved the followed tip, the new tip — in one transaction, so a crash
     * leaves both or neither. Storing a block again keeps the first copy.
     */
    void importBlock(StoredBlock block, Optional<Bytes32> newTip);

    Optional<StoredBlock> block(Bytes32 hash);

    /** Every stored block, parents before children: by height, then by hash as unsigned bytes. */
    List<StoredBlock> blocksInHeightOrder();

    /**
     * How many blocks are stored, counted by the store (a database counts rows) instead of read: {@code pouw chain
     * status} asks this of stores holding years of blocks.
     */
    long blockCount();

    /**
     * Replaces a stored block's bytes by a pruned copy of the same block (docs/chain.md §5.5: the winner's opening
     * dropped; the hash, parent and height stay). Does nothing for a block that is not stored.
     */
    void replaceEncoding(Bytes32 hash, byte[] encoded);

    /** Sets the followed tip alone: the operator accepted a held branch. */
    void setTip(Bytes32 hash);

    Optional<Bytes32> tip();
}
