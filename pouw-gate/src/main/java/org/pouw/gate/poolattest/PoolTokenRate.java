package org.pouw.gate.poolattest;

import java.util.HashMap;
import java.util.Map;
import org.pouw.core.Clock;

/**
 * Each pool's {@code max_tokens_per_minute} (issue 23 §1): a fixed one-minute window per pool on the {@link Clock},
 * so a rogue pool or a stolen pool key buys at most that many tokens a minute at this node, however much work it
 * attests. A place taken for a request that is then refused (a replayed share) is given back.
 */
public final class PoolTokenRate {
    private static final long WINDOW_MS = 60_000;
    private final Map<String, Integer> perMinute;
    private final Clock clock;
    private final Map<String, long[]> windows = new HashMap<>();

    /** @param perMinute pool name → tokens a minute, each at least 1; a pool not named here gets none */
    public PoolTokenRate(Map<String, Integer> perMinute, Clock clock) {
        perMinute.forEach((pool, limit) -> {
            if (limit < 1) {
                throw new IllegalArgumentException("pools." + pool + ".max_tokens_per_minute must be >= 1, got "
                        + limit);
            }
        });
        this.perMinute = Map.copyOf(perMinute);
        this.clock = clock;
    }

    /** Takes one token's place in {@code pool}'s current minute, or answers false when the minute is full. */
    public synchronized boolean tryTake(String pool) {
        Integer limit = perMinute.get(pool);
        if (limit == null) {
            return false;
        }
        long minute = Math.floorDiv(clock.millis(), WINDOW_MS);
        long[] window = windows.computeIfAbsent(pool, p -> new long[] {minute, 0});
        if (window[0] != minute) {
            window[0] = minute;
            window[1] = 0;
        }
        if (window[1] >= limit) {
            return false;
        }
        window[1]++;
        return true;
    }

    /** Gives back a place taken in this minute for a request that was refused after all. */
    public synchronized void giveBack(String pool) {
        long[] window = windows.get(pool);
        if (window != null && window[0] == Math.floorDiv(clock.millis(), WINDOW_MS) && window[1] > 0) {
            window[1]--;
        }
    }
}
