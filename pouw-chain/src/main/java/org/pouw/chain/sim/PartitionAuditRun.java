package org.pouw.chain.sim;

import java.util.List;
import java.util.Map;

/**
 * The partition-with-audits scenario's figures (docs/chain.md §10): the partition's length against the opening
 * window, the openings the losing side mined and what the winning branch said to them, the audits whose challenge
 * block was reorged and how they were opened again, the transactions returned, and the miners' stakes.
 *
 * @param openingWindow    D
 * @param forkHeight       the last block both sides had, mined by a miner of the smaller side
 * @param heightA          the smaller side's tip at the heal
 * @param heightB          the larger side's tip at the heal
 * @param winner           "A" or "B": the side the final chain descends from
 * @param agreed           every node follows one tip at the end
 * @param tipHeight        the final chain's height
 * @param leftOpenings     openings only the left branch had, by what the new tip's rules said ("applies" or the
 *                         refusal)
 * @param leftOpeningsPooled of those refused, the ones a mempool still held after the reorg
 * @param reopened         the audits whose challenge block was reorged
 * @param returned         transactions (openings aside) only the left branch had
 * @param notBackInMempool of those, missing from the mempool right after the reorg
 * @param notMinedAgain    of those, not on the final chain
 * @param reorgDepths      the reorganisations after the heal
 * @param honestSlashed    miners whose stake is below the genesis stake on some node
 */
public record PartitionAuditRun(long openingWindow, long forkHeight, long heightA, long heightB, String winner,
                                boolean agreed, long tipHeight, Map<String, Integer> leftOpenings,
                                int leftOpeningsPooled, List<Reopened> reopened, int returned, int notBackInMempool,
                                int notMinedAgain, List<Integer> reorgDepths, int honestSlashed) {
    /**
     * An audit whose challenge block the reorg took away.
     *
     * @param height         the audited block
     * @param leftSeed       the challenge its left-branch opening answered
     * @param finalSeed      the challenge on the final chain
     * @param challengedAt   the final chain's challenge block (height + c)
     * @param openedAt       the final chain's block carrying its opening (−1: none)
     * @param finalStatus    the audit's status at the final tip
     * @param minerStake     its miner's active stake at the final tip
     */
    public record Reopened(long height, String leftSeed, String finalSeed, long challengedAt, long openedAt,
                           String finalStatus, long minerStake) {
    }

    public PartitionAuditRun {
        leftOpenings = Map.copyOf(leftOpenings);
        reopened = List.copyOf(reopened);
        reorgDepths = List.copyOf(reorgDepths);
    }

    public String report() {
        StringBuilder out = new StringBuilder();
        out.append("D = ").append(openingWindow).append("; fork at ").append(forkHeight).append(" (a block of side A)")
                .append("; at the heal side A height ").append(heightA).append(", side B height ").append(heightB)
                .append(" (").append(heightB - forkHeight).append(" blocks apart on B)\n");
        out.append("final chain on ").append(winner).append(", all nodes agree: ").append(agreed).append(", tip ")
                .append(tipHeight).append(", reorgs ").append(reorgDepths).append('\n');
        out.append("openings only on the left branch: ").append(leftOpenings).append(", of the refused still pooled ")
                .append(leftOpeningsPooled).append('\n');
        for (Reopened r : reopened) {
            out.append("  audit of block ").append(r.height()).append(": left challenge ").append(r.leftSeed(), 0, 12)
                    .append("…, final ").append(r.finalSeed(), 0, 12).append("… drawn at ").append(r.challengedAt())
                    .append(", opened at ").append(r.openedAt()).append(", ").append(r.finalStatus())
                    .append(", miner's stake ").append(r.minerStake()).append('\n');
        }
        out.append("transactions only on the left branch ").append(returned).append(", missing from a mempool after ")
                .append("the reorg ").append(notBackInMempool).append(", not mined again ").append(notMinedAgain)
                .append("; honest miners slashed ").append(honestSlashed).append('\n');
        return out.toString();
    }
}
