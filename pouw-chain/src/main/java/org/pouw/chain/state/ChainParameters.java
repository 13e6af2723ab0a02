package org.pouw.chain.state;

/**
 * The consensus constants the state rules read (docs/chain.md §6, where each has its reason).
 *
 * @param activationDelay blocks before bought stake counts (ACT)
 * @param unbondingDelay  blocks from a key's last obligation, or its unstake if later, until unstaked coins return
 */
public record ChainParameters(long activationDelay, long unbondingDelay) {
    public static final ChainParameters DEFAULTS = new ChainParameters(200, 2_000);

    public ChainParameters {
        if (activationDelay < 1) {
            throw new IllegalArgumentException("activation delay must be >= 1 block, got " + activationDelay);
        }
        if (unbondingDelay < 1) {
            throw new IllegalArgumentException("unbonding delay must be >= 1 block, got " + unbondingDelay);
        }
    }
}
