package org.pouw.gate.redeem;

import java.util.concurrent.ConcurrentHashMap;
import org.pouw.gate.GateVerdict;

/**
 * {@link Redemptions} in one process's memory, for tests and single-node simulations: {@code putIfAbsent} on a
 * concurrent map is the atomic insert, and a grant that refuses or throws takes its own entry back. It holds no
 * database, so it runs only {@link Grant.Stateless} grants. Entries are dropped only by {@link #forgetExpired},
 * which a caller runs with the time from its {@code Clock}; this class reads no clock.
 */
public final class InMemoryRedemptions implements Redemptions {
    private final ConcurrentHashMap<String, Long> keptUntil = new ConcurrentHashMap<>();

    @Override
    public <G> GateVerdict<G> redeem(String key, long keepUntilMs, Grant<G> grant) {
        if (!(grant instanceof Grant.Stateless<G> stateless)) {
            throw new IllegalArgumentException("an in-memory redemption store has no database transaction for a "
                    + grant.buys() + " grant that writes");
        }
        // While this call's entry is present no other caller can record the key, so the take-back below removes
        // this call's entry and never another's.
        Long mine = keepUntilMs;
        if (keptUntil.putIfAbsent(key, mine) != null) {
            return Redemptions.replayed(key);
        }
        boolean granted = false;
        try {
            GateVerdict<G> verdict = stateless.mint().get();
            granted = verdict.isAccepted();
            return verdict;
        } finally {
            if (!granted) {
                keptUntil.remove(key, mine);
            }
        }
    }

    @Override
    public int forgetExpired(long nowMs) {
        int before = keptUntil.size();
        keptUntil.values().removeIf(until -> until < nowMs);
        return before - keptUntil.size();
    }

    public int size() {
        return keptUntil.size();
    }

    /** Memory always answers. */
    @Override
    public boolean answers() {
        return true;
    }
}
