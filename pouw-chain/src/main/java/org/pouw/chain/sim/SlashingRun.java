package org.pouw.chain.sim;

import java.util.List;
import java.util.Locale;

/**
 * The slashing scenario's figures (docs/chain.md §10): for each adversary what it did and what the final chain did
 * to it, for each honest miner its blocks and its stake, and whether every node ended on one tip and one state root.
 *
 * @param adversaries  the equivocating and the work-skipping miners
 * @param honest       every honest miner
 * @param agreed       every node follows one tip
 * @param stateRoots   distinct state roots of the nodes' tips (1 when they agree)
 * @param tipHeight    the final chain's height
 * @param slashesMined {@code slash} transactions on the final chain
 * @param stale        blocks mined off the final chain
 */
public record SlashingRun(List<Adversary> adversaries, List<Honest> honest, boolean agreed, long stateRoots,
                          long tipHeight, long slashesMined, long stale) {
    /**
     * @param misdeeds        equivocations signed, or segments with a skipped step won
     * @param blocks          its blocks on the final chain
     * @param slashedAt       the first height of the final chain at which it holds no stake (−1: never)
     * @param clawedBack      its immature rewards at the block before, taken by the slash
     * @param largestStake    its stake (active, pending and unbonding) at the tip, the largest over the nodes
     * @param largestImmature its immature rewards at the tip, the largest over the nodes
     * @param stepsUnstaked   steps it sat out once slashed
     */
    public record Adversary(String name, MinerConduct conduct, long misdeeds, long blocks, long slashedAt,
                            long clawedBack, long largestStake, long largestImmature, long stepsUnstaked) {
    }

    /**
     * @param blocks          its blocks on the final chain
     * @param blocksAfter     of those, the blocks above the last adversary's slash
     * @param smallestStake   its active stake at the tip, the smallest over the nodes
     * @param reportedBy      nodes whose reporter submitted evidence against it
     */
    public record Honest(String name, long blocks, long blocksAfter, long smallestStake, long reportedBy) {
    }

    public SlashingRun {
        adversaries = List.copyOf(adversaries);
        honest = List.copyOf(honest);
    }

    public String report() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "tip %d, all nodes agree: %s (%d state root%s), slash transactions "
                + "mined %d, stale blocks %d%n", tipHeight, agreed, stateRoots, stateRoots == 1 ? "" : "s",
                slashesMined, stale));
        for (Adversary a : adversaries) {
            out.append(String.format(Locale.ROOT, "  %-7s %-13s misdeeds %d, blocks on the chain %d, slashed at "
                            + "height %d, immature rewards clawed back %d; at the tip: stake %d, immature rewards "
                            + "%d on the node that has most; steps sat out %d%n", a.name(), a.conduct(), a.misdeeds(),
                    a.blocks(), a.slashedAt(), a.clawedBack(), a.largestStake(), a.largestImmature(),
                    a.stepsUnstaked()));
        }
        for (Honest h : honest) {
            out.append(String.format(Locale.ROOT, "  %-7s HONEST        blocks %d (%d after the last slash), stake %d "
                    + "on every node, reported by %d nodes%n", h.name(), h.blocks(), h.blocksAfter(),
                    h.smallestStake(), h.reportedBy()));
        }
        return out.toString();
    }
}
