package org.pouw.store.redis;

import java.util.List;
import org.pouw.core.Clock;
import org.pouw.gate.partner.PartnerBudgets;
import org.pouw.gate.redeem.RedemptionStoreUnavailableException;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * pouw-gate's {@link PartnerBudgets} on a Redis server, for nodes that share their access tokens' state in Redis
 * (issue 21 §4; docs/gate.md §12). A partner's count for one interval is one key,
 * {@code budget:<interval start>:<partner>}, and a take is one Lua script: read the count, refuse at the limit, else
 * increment it. Redis runs a script alone, so of any number of nodes and threads taking at once exactly
 * {@code limit} succeed per interval, and a refused take changes nothing.
 *
 * <p>Counts expire on Redis's side: the key's {@code PEXPIRE} is the time left to its keep-until instant (the
 * interval's end) on the node's clock plus the skew allowance, so no node within the skew still counts in an
 * interval whose key is gone. A full Redis must refuse rather than evict (an evicted count is a budget handed out
 * again), so {@link #open} runs the same start-up checks as the redemption store: {@code noeviction} and the clocks.
 */
public final class RedisPartnerBudgets implements PartnerBudgets, AutoCloseable {
    /**
     * KEYS[1] the count; ARGV[1] the limit; ARGV[2] the count's time to live in milliseconds. Returns 1 if one was
     * taken, 0 if the budget is spent. The expiry is set by the take that creates the key, so it never moves later.
     */
    private static final String TAKE = """
            local taken = tonumber(redis.call('GET', KEYS[1]) or '0')
            if taken >= tonumber(ARGV[1]) then
              return 0
            end
            redis.call('INCR', KEYS[1])
            if taken == 0 then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return 1""";

    private final RedisClient redis;
    private final Clock clock;
    private final long skewMs;

    RedisPartnerBudgets(RedisClient redis, Clock clock, long skewMs) {
        this.redis = redis;
        this.clock = clock;
        this.skewMs = skewMs;
    }

    /**
     * Connects to {@code redisUrl} ({@code redis://host:port}) and runs the start-up checks ({@code noeviction}, the
     * clocks within {@code skewMs}); throws {@link IllegalStateException} naming what is wrong.
     */
    public static RedisPartnerBudgets open(String redisUrl, Clock clock, long skewMs) {
        RedisClient redis = RedisRedemptions.client(redisUrl);
        try {
            RedisStartupCheck.require(redis, clock, skewMs, redisUrl);
            return new RedisPartnerBudgets(redis, clock, skewMs);
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    /** The key of one partner's count in one interval: the start first, since it holds no colon, so keys never meet. */
    static String key(String partnerId, long intervalStartMs) {
        return "budget:" + intervalStartMs + ":" + partnerId;
    }

    @Override
    public boolean tryTake(String partnerId, long intervalStartMs, long limit, long keepUntilMs) {
        if (partnerId == null || partnerId.isEmpty()) {
            throw new IllegalArgumentException("partner_id must be non-empty");
        }
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be > 0, got " + limit);
        }
        long ttlMs = Math.max(1, Math.addExact(keepUntilMs - clock.millis(), skewMs));
        try {
            Object taken = redis.eval(TAKE, List.of(key(partnerId, intervalStartMs)),
                    List.of(Long.toString(limit), Long.toString(ttlMs)));
            return Long.valueOf(1).equals(taken);
        } catch (JedisConnectionException e) {
            throw new RedemptionStoreUnavailableException("partner budget of " + partnerId
                    + ": Redis is unreachable: " + e.getMessage());
        } catch (JedisDataException e) {
            // An OOM refusal under noeviction, a read-only replica: nothing was counted, and no token is handed out.
            throw new RedemptionStoreUnavailableException("partner budget of " + partnerId
                    + ": Redis refused the take: " + e.getMessage());
        }
    }

    /** Redis forgets counts itself, when their {@code PEXPIRE} runs out. */
    @Override
    public int forgetExpired(long beforeMs) {
        return 0;
    }

    /** Milliseconds until a count expires on Redis ({@code PTTL}): -2 if absent. For tests and operators. */
    public long millisToLive(String partnerId, long intervalStartMs) {
        return redis.pttl(key(partnerId, intervalStartMs));
    }

    @Override
    public void close() {
        redis.close();
    }
}
