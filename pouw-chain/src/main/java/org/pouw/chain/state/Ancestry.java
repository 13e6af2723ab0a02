package org.pouw.chain.state;

import org.pouw.ml.wire.Bytes32;

/**
 * What the audit rules need to know about the block tree (docs/chain.md §3.1, §5.2): where a block lies on a branch.
 * The block importer binds it to its tree ({@code org.pouw.chain.fork.TreeAncestry}); the state does not hold the
 * tree, because a leaf's tip may be any block a miner trained on, and only the tree knows every block.
 */
public interface Ancestry {
    /**
     * The height of block {@code block} if it is {@code descendant} itself or one of its ancestors, else −1 (also
     * when either block is unknown).
     */
    long heightOnBranch(Bytes32 block, Bytes32 descendant);
}
