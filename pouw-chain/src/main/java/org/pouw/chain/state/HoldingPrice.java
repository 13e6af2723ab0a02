package org.pouw.chain.state;

import java.math.BigInteger;

/**
 * What a paid task pays for each miner an epoch's matching gives it (docs/chain.md §4.3, the holding price):
 * {@code hold = ⌈cost · L / N⌉}, the price of an equal share of the L blocks of the epoch the task can still take
 * among the N miners of the matching — the work a miner of average compute does for the task in the epoch. Charged
 * whether or not a block is then won on the task, so holding miners on a task that stops learning costs what their
 * work would have; blocks won on the task use the holding up, so an honest task pays max(holding, its blocks' cost).
 */
final class HoldingPrice {
    private HoldingPrice() {
    }

    /**
     * One miner's holding for an epoch: {@code ⌈cost · blocks / miners⌉} base units, at least one; capped at
     * {@code Long.MAX_VALUE}, which is above any budget.
     */
    static long perMiner(BigInteger blockCost, long blocks, int miners) {
        if (blockCost.signum() <= 0 || blocks < 1 || miners < 1) {
            throw new IllegalArgumentException("a holding needs a positive cost, blocks and miners, got " + blockCost
                    + ", " + blocks + ", " + miners);
        }
        BigInteger[] quotient = blockCost.multiply(BigInteger.valueOf(blocks)).divideAndRemainder(
                BigInteger.valueOf(miners));
        BigInteger hold = quotient[1].signum() == 0 ? quotient[0] : quotient[0].add(BigInteger.ONE);
        return hold.min(BigInteger.valueOf(Long.MAX_VALUE)).longValueExact();
    }
}
