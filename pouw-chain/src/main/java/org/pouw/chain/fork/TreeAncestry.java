package org.pouw.chain.fork;

import org.pouw.chain.state.Ancestry;
import org.pouw.ml.wire.Bytes32;

/**
 * The audit rules' {@link Ancestry} over a node's {@link BlockTree} (docs/chain.md §5.2): walks down from the
 * descendant to the block's height. Audited tips lie at most W_a blocks below the audited block, so a walk is short.
 */
public final class TreeAncestry implements Ancestry {
    private final BlockTree tree;

    public TreeAncestry(BlockTree tree) {
        this.tree = tree;
    }

    @Override
    public long heightOnBranch(Bytes32 block, Bytes32 descendant) {
        BlockNode target = tree.node(block).orElse(null);
        BlockNode node = tree.node(descendant).orElse(null);
        if (target == null || node == null) {
            return -1;
        }
        while (node != null && node.height() > target.height()) {
            node = node.parent();
        }
        return node == target ? target.height() : -1;
    }
}
