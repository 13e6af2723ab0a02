package org.pouw.chain.evidence;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.block.Equivocation;
import org.pouw.ml.wire.Bytes32;

/**
 * Remembers the first header each key signed on each parent, and turns a second, different one into
 * {@link Equivocation} evidence (docs/chain.md §3.5, §5.4). Only headers whose signature verifies for this chain are
 * remembered, so a forged header or one signed for another chain can neither count as evidence nor take the place of
 * the real first header. The memory is bounded: past {@code capacity} the oldest entries are forgotten (a pair that
 * far apart in arrival is not caught; the entries are one per block, so the capacity is blocks, not bytes).
 */
public final class EquivocationWatch {
    private final Bytes32 chainId;
    private final Map<SignerOnParent, BlockHeader> first;

    private record SignerOnParent(Bytes32 parent, Bytes32 signer) {
    }

    public EquivocationWatch(Bytes32 chainId, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.chainId = chainId;
        this.first = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<SignerOnParent, BlockHeader> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * A header the node imported or was offered. Returns the evidence when its signer signed another header on the
     * same parent before; empty for the first header of a (parent, signer), for the same block again, and for a header
     * whose signature does not verify for this chain.
     */
    public Optional<Equivocation> observe(BlockHeader header) {
        SignerOnParent key = new SignerOnParent(header.parent(), header.miner());
        BlockHeader earlier = first.get(key);
        if (earlier == null) {
            if (header.signatureValid(chainId)) {
                first.put(key, header);
            }
            return Optional.empty();
        }
        if (earlier.hash(chainId).equals(header.hash(chainId))) {
            return Optional.empty();
        }
        Equivocation evidence = new Equivocation(earlier, header);
        return evidence.defect(chainId) == null ? Optional.of(evidence) : Optional.empty();
    }

    /** Headers remembered. */
    public int size() {
        return first.size();
    }
}
