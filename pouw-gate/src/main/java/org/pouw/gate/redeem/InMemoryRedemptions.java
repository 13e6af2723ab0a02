package org.pouw.gate.redeem;

import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link Redemptions} in one process's memory, for tests and single-node simulations: {@code putIfAbsent} on a
 * concurrent map is the atomic insert. Entries are dropped only by {@link #forgetExpired}, which a caller runs with
 * the time from its {@code Clock}; this class reads no clock.
 */
public final class InMemoryRedemptions implements Redemptions {
    private final ConcurrentHashMap<String, Long> keptUntil = new ConcurrentHashMap<>();

    @Override
    public boolean redeemOnce(String key, long keepUntilMs) {
        return keptUntil.putIfAbsent(key, keepUntilMs) == null;
    }

    /** Forgets entries whose keep-until time is before {@code nowMs}; returns how many. */
    public int forgetExpired(long nowMs) {
        int before = keptUntil.size();
        keptUntil.values().removeIf(until -> until < nowMs);
        return before - keptUntil.size();
    }

    public int size() {
        return keptUntil.size();
    }
}
