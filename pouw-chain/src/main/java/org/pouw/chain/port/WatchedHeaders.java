package org.pouw.chain.port;

import java.util.Optional;
import org.pouw.chain.block.BlockHeader;
import org.pouw.ml.wire.Bytes32;

/**
 * The first header each key signed on each parent, as the equivocation watch remembers it (docs/chain.md §5.4): kept
 * in the node's database (SQLite and PostgreSQL adapters in pouw-store), so a restart between an offender's two
 * headers does not forget the first one and let the second pass as a first. Bounded: past the capacity the adapter
 * was opened with, the entries remembered longest ago are forgotten.
 */
public interface WatchedHeaders {
    /** The header remembered for {@code signer} on {@code parent}, if any. */
    Optional<BlockHeader> first(Bytes32 parent, Bytes32 signer);

    /**
     * Remembers {@code header} as its signer's first on its parent; one already remembered for that pair is kept
     * (the first stays first). The caller has checked the signature.
     */
    void remember(BlockHeader header);

    /** Headers remembered. */
    int size();
}
