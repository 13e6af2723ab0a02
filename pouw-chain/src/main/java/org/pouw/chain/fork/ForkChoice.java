package org.pouw.chain.fork;

import java.math.BigInteger;
import java.util.Comparator;

/**
 * Which of two branch tips is better (docs/chain.md §6): more cumulative work wins; equal work goes to the lower
 * winning ticket, which no miner chooses; equal tickets (only a collision makes them) to the lower block hash, so
 * every node picks the same tip from the same blocks.
 */
public final class ForkChoice {
    /** Orders tips from worse to better. */
    public static final Comparator<BlockNode> BETTER_LAST = Comparator
            .comparing(BlockNode::cumulativeWork)
            .thenComparing(node -> unsigned(node.ticket().toArray()), Comparator.reverseOrder())
            .thenComparing(node -> unsigned(node.hash().toArray()), Comparator.reverseOrder());

    private ForkChoice() {
    }

    public static boolean isBetter(BlockNode candidate, BlockNode current) {
        return BETTER_LAST.compare(candidate, current) > 0;
    }

    private static BigInteger unsigned(byte[] bytes) {
        return new BigInteger(1, bytes);
    }
}
