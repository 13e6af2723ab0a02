package org.pouw.chain.net;

import org.pouw.chain.block.BlockHeader;

/**
 * Where {@link ChainSync} hands the signed header of a signer at fault (docs/network.md §4), so the node can post it
 * as slashing evidence: a block peers served that was invalid as signed, or a header refused for a defect a check
 * without replay found. Whether it convicts is for the chain's own evidence rules to say (most body faults do not:
 * docs/chain.md §5.4); the node's evidence reporter judges it before signing anything.
 */
@FunctionalInterface
public interface FaultEvidence {
    /** Posts nothing: a node that does not report evidence. */
    FaultEvidence NONE = (header, reason) -> {
    };

    void signerAtFault(BlockHeader header, String reason);
}
