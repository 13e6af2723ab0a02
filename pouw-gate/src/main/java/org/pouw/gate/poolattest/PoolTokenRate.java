package org.pouw.gate.poolattest;

import java.util.HashMap;
import java.util.Map;
import org.pouw.core.Clock;
import org.pouw.gate.token.AccessClass;
import org.pouw.gate.token.TokenMode;

/**
 * What each pool buys at this node (issue 23 §1): {@code max_tokens_per_minute}, a fixed one-minute window per pool
 * on the {@link Clock}, so a rogue pool or a stolen pool key buys at most that many tokens a minute however much
 * work it attests (a place taken for a request that is then refused, a replayed share, is given back); and
 * {@code max_class}, the class of those tokens — {@code work}, what {@code pow} buys, unless the operator raised
 * that pool.
 */
public final class PoolTokenRate {
    private static final long WINDOW_MS = 60_000;
    private final Map<String, Integer> perMinute;
    private final Map<String, AccessClass> maxClass;
    private final Clock clock;
    private final Map<String, long[]> windows = new HashMap<>();

    /** @param perMinute pool name → tokens a minute, each at least 1; a pool not named here gets none */
    public PoolTokenRate(Map<String, Integer> perMinute, Clock clock) {
        this(perMinute, Map.of(), clock);
    }

    /** @param maxClass pool name → the class its tokens get, at most {@code miner}; a pool not named gets work */
    public PoolTokenRate(Map<String, Integer> perMinute, Map<String, AccessClass> maxClass, Clock clock) {
        maxClass.forEach((pool, c) -> {
            if (c.compareTo(TokenMode.POOL_VALIDATED.maxClass()) > 0) {
                throw new IllegalArgumentException("pools.overrides " + pool + ".max_class must be at most "
                        + TokenMode.POOL_VALIDATED.maxClass().wire() + ", got " + c.wire());
            }
        });
        this.maxClass = Map.copyOf(maxClass);
        perMinute.forEach((pool, limit) -> {
            if (limit < 1) {
                throw new IllegalArgumentException("pools." + pool + ".max_tokens_per_minute must be >= 1, got "
                        + limit);
            }
        });
        this.perMinute = Map.copyOf(perMinute);
        this.clock = clock;
    }

    /** The class of a token {@code pool} buys here. */
    public AccessClass classOf(String pool) {
        return maxClass.getOrDefault(pool, TokenMode.POOL_VALIDATED.accessClass());
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
