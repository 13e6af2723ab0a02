package org.pouw.chain.fork;

import java.util.List;

/**
 * What adding a block did to the node's tip: nothing (a side branch that is not better), extended it, reorganised
 * onto a better branch (the blocks left and the blocks joined, oldest first), or found a better branch that forks
 * deeper than the alarm depth and is held for the operator instead of followed.
 */
public sealed interface TipChange {
    record Unchanged(BlockNode tip) implements TipChange {
    }

    record Extended(BlockNode tip) implements TipChange {
    }

    record Reorganised(BlockNode tip, List<BlockNode> left, List<BlockNode> joined) implements TipChange {
        public int depth() {
            return left.size();
        }
    }

    record DeepReorgHeld(BlockNode tip, BlockNode heldTip, int depth) implements TipChange {
    }
}
