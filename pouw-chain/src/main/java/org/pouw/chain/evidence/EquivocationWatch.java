package org.pouw.chain.evidence;

import java.util.Optional;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.block.Equivocation;
import org.pouw.chain.port.InMemoryWatchedHeaders;
import org.pouw.chain.port.WatchedHeaders;
import org.pouw.ml.wire.Bytes32;

/**
 * Remembers the first header each key signed on each parent, and turns a second, different one into
 * {@link Equivocation} evidence (docs/chain.md §3.5, §5.4). Only headers whose signature verifies for this chain are
 * remembered, so a forged header or one signed for another chain can neither count as evidence nor take the place of
 * the real first header. What it remembers lives behind {@link WatchedHeaders}: a node keeps it in its database, so a
 * restart between an offender's two headers still catches the pair. The memory is bounded by the store's capacity
 * (a pair that far apart in arrival is not caught; the entries are one per block, so the capacity is blocks, not bytes).
 */
public final class EquivocationWatch {
    private final Bytes32 chainId;
    private final WatchedHeaders first;

    /** A watch that remembers in memory only (the simulation's nodes). */
    public EquivocationWatch(Bytes32 chainId, int capacity) {
        this(chainId, new InMemoryWatchedHeaders(capacity));
    }

    public EquivocationWatch(Bytes32 chainId, WatchedHeaders first) {
        this.chainId = chainId;
        this.first = first;
    }

    /**
     * A header the node imported or was offered. Returns the evidence when its signer signed another header on the
     * same parent before; empty for the first header of a (parent, signer), for the same block again, and for a header
     * whose signature does not verify for this chain.
     */
    public Optional<Equivocation> observe(BlockHeader header) {
        Optional<BlockHeader> earlier = first.first(header.parent(), header.miner());
        if (earlier.isEmpty()) {
            if (header.signatureValid(chainId)) {
                first.remember(header);
            }
            return Optional.empty();
        }
        if (earlier.get().hash(chainId).equals(header.hash(chainId))) {
            return Optional.empty();
        }
        Equivocation evidence = new Equivocation(earlier.get(), header);
        return evidence.defect(chainId) == null ? Optional.of(evidence) : Optional.empty();
    }

    /** Headers remembered. */
    public int size() {
        return first.size();
    }
}
