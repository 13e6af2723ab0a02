package org.pouw.chain.block;

/**
 * The consensus constants a block is checked against beyond its header (docs/chain.md §6, §7).
 *
 * @param subsidy         new coins a block pays its miner, with the fees of its transactions
 * @param minimumStake    active stake a key needs to sign a block
 * @param maxTransactions transactions one block may carry
 */
public record BlockParameters(long subsidy, long minimumStake, int maxTransactions) {
    public static final BlockParameters DEFAULTS = new BlockParameters(50_000, 100_000, 2_000);

    public BlockParameters {
        if (subsidy < 0) {
            throw new IllegalArgumentException("subsidy must be >= 0, got " + subsidy);
        }
        if (minimumStake < 1) {
            throw new IllegalArgumentException("minimum stake must be >= 1, got " + minimumStake);
        }
        if (maxTransactions < 0) {
            throw new IllegalArgumentException("max transactions must be >= 0, got " + maxTransactions);
        }
    }
}
