package org.pouw.chain.sim;

/**
 * One stretch of a compute scenario: every miner's compute multiplied by {@code factor} at its start, then
 * {@code settleBlocks} left to ASERT before {@code measureBlocks} whose spacing is measured.
 */
public record ComputePhase(String name, double factor, long settleBlocks, long measureBlocks) {
    public ComputePhase {
        if (!(factor > 0) || settleBlocks < 0 || measureBlocks < 1) {
            throw new IllegalArgumentException("a phase needs factor > 0, settleBlocks >= 0, measureBlocks >= 1");
        }
    }
}
