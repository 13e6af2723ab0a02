package org.pouw.chain.block;

import org.pouw.ml.wire.Bytes32;

/**
 * Slashable evidence that one key signed two different blocks on one parent (docs/chain.md §3.5, §5.4). Signing
 * twice lets a miner race both branches with one ticket; the evidence is the two signed headers themselves, which
 * anyone can check without any other state.
 */
public record Equivocation(BlockHeader first, BlockHeader second) {
    /** Why a pair of headers is not equivocation evidence, or {@code null} when it is. */
    public String defect(Bytes32 chainId) {
        if (!first.miner().equals(second.miner())) {
            return "the headers are signed by different keys";
        }
        if (!first.parent().equals(second.parent())) {
            return "the headers build on different parents";
        }
        if (first.hash(chainId).equals(second.hash(chainId))) {
            return "the headers are the same block";
        }
        if (!first.signatureValid(chainId) || !second.signatureValid(chainId)) {
            return "a signature does not verify for this chain";
        }
        return null;
    }

    public Bytes32 offender() {
        return first.miner();
    }
}
