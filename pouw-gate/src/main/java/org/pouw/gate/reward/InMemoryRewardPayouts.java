package org.pouw.gate.reward;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pouw.gate.redeem.Redemptions;

/**
 * {@link RewardPayouts} in memory, for tests and simulations: balances, the entries paid and the emission per
 * interval under one lock, sharing the {@link Redemptions} store that tokens redeem from, so one challenge is one
 * reward or one token across both. Balances only move through {@link #fund} and {@link #payOnce}.
 */
public final class InMemoryRewardPayouts implements RewardPayouts {
    private final Redemptions redemptions;
    private final Map<String, Long> balances = new HashMap<>();
    private final Map<Long, Long> emittedByInterval = new HashMap<>();
    private final Map<String, RewardClaim> entries = new LinkedHashMap<>();

    public InMemoryRewardPayouts(Redemptions redemptions) {
        this.redemptions = redemptions;
    }

    /** What a ledger transfer into {@link #POOL_ACCOUNT} does. */
    public synchronized void fund(long amount) {
        if (amount <= 0) {
            throw new IllegalArgumentException("amount must be > 0, got " + amount);
        }
        balances.merge(POOL_ACCOUNT, amount, Math::addExact);
    }

    public synchronized long balance(String account) {
        return balances.getOrDefault(account, 0L);
    }

    public synchronized int entries() {
        return entries.size();
    }

    @Override
    public synchronized Outcome payOnce(RewardClaim claim) {
        long emitted = emittedByInterval.getOrDefault(claim.intervalStartMs(), 0L);
        if (Math.addExact(emitted, claim.amount()) > claim.emissionCap()) {
            return Outcome.EMISSION_CAPPED;
        }
        if (balance(POOL_ACCOUNT) < claim.amount()) {
            return Outcome.POOL_EMPTY;
        }
        if (!redemptions.redeemOnce(claim.redemptionKey(), claim.keepUntilMs())) {
            return Outcome.REPLAYED;
        }
        if (entries.putIfAbsent(claim.ledgerKey(), claim) != null) {
            throw new IllegalStateException("ledger key " + claim.ledgerKey() + " paid twice under a fresh redemption");
        }
        balances.merge(POOL_ACCOUNT, -claim.amount(), Math::addExact);
        balances.merge(claim.did(), claim.amount(), Math::addExact);
        emittedByInterval.put(claim.intervalStartMs(), emitted + claim.amount());
        return Outcome.PAID;
    }

    @Override
    public synchronized int forgetIntervalsBefore(long intervalStartMs) {
        int before = emittedByInterval.size();
        emittedByInterval.keySet().removeIf(start -> start < intervalStartMs);
        return before - emittedByInterval.size();
    }
}
