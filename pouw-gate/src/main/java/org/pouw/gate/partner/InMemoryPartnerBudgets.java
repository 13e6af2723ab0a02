package org.pouw.gate.partner;

import java.util.concurrent.ConcurrentHashMap;

/** {@link PartnerBudgets} in memory: one counter per partner and interval, incremented only below the limit. */
public final class InMemoryPartnerBudgets implements PartnerBudgets {
    private final ConcurrentHashMap<String, Long> taken = new ConcurrentHashMap<>();

    @Override
    public boolean tryTake(String partnerId, long intervalStartMs, long limit, long keepUntilMs) {
        boolean[] took = new boolean[1];
        taken.compute(partnerId + "@" + intervalStartMs, (key, count) -> {
            long now = count == null ? 0 : count;
            took[0] = now < limit;
            return took[0] ? now + 1 : now;
        });
        return took[0];
    }

    /** Forgets the counts of intervals that started before {@code intervalStartMs}; returns how many. */
    public int forgetBefore(long intervalStartMs) {
        int before = taken.size();
        taken.keySet().removeIf(key -> Long.parseLong(key.substring(key.lastIndexOf('@') + 1)) < intervalStartMs);
        return before - taken.size();
    }
}
