package org.pouw.chain.sim;

import java.util.List;

/**
 * The partition scenario's figures: each side's tip height and cumulative work when the partition healed, the side
 * whose tip the final chain descends from, whether every node followed one tip at the end, the reorganisations the
 * nodes made, the transactions the lighter branch alone had, how many were missing from a mempool right after a
 * reorg and how many are not on the final chain.
 */
public record PartitionRun(long heightA, long heightB, String workA, String workB, String winner, String heavier,
                           boolean agreed, long tipHeight, List<Integer> reorgDepths, int returnedTransactions,
                           int notBackInMempool, int notMinedAgain, long stale, long orphansHeld,
                           SpacingFigures spacing) {
    public PartitionRun {
        reorgDepths = List.copyOf(reorgDepths);
    }

    public String report() {
        return "at the heal: side A (nodes 0, 1; 3 miners) height " + heightA + " work " + workA
                + "; side B (nodes 2, 3, 4; 5 miners) height " + heightB + " work " + workB + "\n"
                + "heavier " + heavier + ", final chain on " + winner + ", all nodes agree: " + agreed + ", tip "
                + tipHeight + "\n"
                + "reorgs " + reorgDepths + "; transactions only on the left branch " + returnedTransactions
                + ", missing from a mempool after the reorg " + notBackInMempool + ", not mined again "
                + notMinedAgain + "\n"
                + "stale blocks " + stale + ", orphans held " + orphansHeld + ", spacing " + spacing;
    }
}
