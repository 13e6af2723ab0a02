package org.pouw.chain.state;

/**
 * One key's stake for mining (docs/chain.md §5.4), in three parts: {@code active} counts for mining; {@code pending}
 * counts from height {@code activatesAt} on (the activation delay ACT, so a header's signer is known ACT blocks
 * ahead); {@code unbonding} has been unstaked, never counts again, and returns to the balance at {@code unlocksAt}.
 * A second purchase while one is pending waits with it (the later activation height holds for both); a second
 * unstake while unbonding restarts the unbonding for the sum.
 */
public record Stake(long active, long pending, long activatesAt, long unbonding, long unlocksAt) {
    public static final Stake NONE = new Stake(0, 0, 0, 0, 0);

    public Stake {
        if (active < 0 || pending < 0 || unbonding < 0) {
            throw new IllegalArgumentException("stake amounts must be >= 0");
        }
    }

    /** This stake as seen at {@code height}: pending stake whose activation height has come counts as active. */
    public Stake at(long height) {
        if (pending > 0 && height >= activatesAt) {
            return new Stake(Math.addExact(active, pending), 0, 0, unbonding, unlocksAt);
        }
        return this;
    }

    /** The stake that counts for mining at {@code height}. */
    public long activeAt(long height) {
        return at(height).active;
    }

    /** The unbonded amount that may return to the balance at {@code height}. */
    public long releasableAt(long height) {
        return unbonding > 0 && height >= unlocksAt ? unbonding : 0;
    }

    Stake buy(long amount, long height, long activationDelay) {
        Stake now = at(height);
        return new Stake(now.active, Math.addExact(now.pending, amount), Math.addExact(height, activationDelay),
                now.unbonding, now.unlocksAt);
    }

    /**
     * Unstakes from pending stake first (it never counted), then from active stake. Whether earlier unbonded coins
     * may leave is the rules' decision ({@link TransactionRules}), taken before this; whatever is still unbonding
     * here waits again, with the new amount.
     */
    Stake unstake(long amount, long unlockHeight, long height) {
        Stake now = at(height);
        long fromPending = Math.min(amount, now.pending);
        long fromActive = amount - fromPending;
        return new Stake(now.active - fromActive, now.pending - fromPending, now.activatesAt,
                Math.addExact(now.unbonding, amount), unlockHeight);
    }

    long stakedAt(long height) {
        Stake now = at(height);
        return now.active + now.pending;
    }

    Stake released(long height) {
        return releasableAt(height) > 0 ? new Stake(active, pending, activatesAt, 0, 0) : this;
    }

    boolean isEmpty() {
        return active == 0 && pending == 0 && unbonding == 0;
    }
}
