package org.pouw.chain.fork;

import java.math.BigInteger;
import org.pouw.chain.state.StateLayer;
import org.pouw.ml.wire.Bytes32;

/**
 * A validated block in the tree of known blocks: its hash, height, parent, the work of its branch up to it, its
 * winning ticket (the tie-breaker), and the state it leaves. The genesis node has no parent and no ticket.
 */
public record BlockNode(Bytes32 hash, long height, BlockNode parent, BigInteger cumulativeWork, Bytes32 ticket,
                        StateLayer state) {
    public boolean isGenesis() {
        return parent == null;
    }

    /** This node's ancestor at {@code targetHeight} (itself at its own height). */
    public BlockNode ancestorAt(long targetHeight) {
        if (targetHeight > height || targetHeight < 0) {
            throw new IllegalArgumentException("no ancestor at height " + targetHeight + " below " + height);
        }
        BlockNode node = this;
        while (node.height > targetHeight) {
            node = node.parent;
        }
        return node;
    }

    /** The last block both branches share. */
    public static BlockNode commonAncestor(BlockNode a, BlockNode b) {
        BlockNode x = a.ancestorAt(Math.min(a.height, b.height));
        BlockNode y = b.ancestorAt(Math.min(a.height, b.height));
        while (x != y) {
            x = x.parent;
            y = y.parent;
        }
        return x;
    }

    @Override
    public String toString() {
        return "block " + height + " " + hash.hex().substring(0, 12) + "…";
    }
}
