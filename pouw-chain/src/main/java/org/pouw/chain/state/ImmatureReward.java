package org.pouw.chain.state;

/**
 * A block reward (subsidy and fees) that its miner can not spend yet (docs/chain.md §5.3): it matures at
 * {@code height + maturity}, unless a failed or missing opening claws it back first.
 */
public record ImmatureReward(long height, long amount) {
    public ImmatureReward {
        if (amount < 0) {
            throw new IllegalArgumentException("an immature reward is >= 0, got " + amount);
        }
    }
}
