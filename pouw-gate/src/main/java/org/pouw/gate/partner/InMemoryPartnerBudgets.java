package org.pouw.gate.partner;

import java.util.concurrent.ConcurrentHashMap;

/** {@link PartnerBudgets} in memory: one counter per partner and interval, incremented only below the limit. */
public final class InMemoryPartnerBudgets implements PartnerBudgets {
    /** A count and how long it must be kept (its interval's end). */
    private record Count(long taken, long keepUntilMs) {
    }

    private final ConcurrentHashMap<String, Count> counts = new ConcurrentHashMap<>();

    @Override
    public boolean tryTake(String partnerId, long intervalStartMs, long limit, long keepUntilMs) {
        boolean[] took = new boolean[1];
        counts.compute(partnerId + "@" + intervalStartMs, (key, count) -> {
            Count now = count == null ? new Count(0, keepUntilMs) : count;
            took[0] = now.taken() < limit;
            return took[0] ? new Count(now.taken() + 1, Math.max(now.keepUntilMs(), keepUntilMs)) : now;
        });
        return took[0];
    }

    @Override
    public int forgetExpired(long beforeMs) {
        int before = counts.size();
        counts.values().removeIf(count -> count.keepUntilMs() < beforeMs);
        return before - counts.size();
    }
}
