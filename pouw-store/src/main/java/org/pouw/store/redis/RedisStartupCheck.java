package org.pouw.store.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.pouw.core.Clock;
import org.pouw.store.ClockSkewCheck;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * What a node checks before it trusts a Redis server with redemptions (issue 21 §5), refusing to start otherwise:
 * <ul>
 *   <li>{@code maxmemory-policy} is {@code noeviction}: under any other policy a full Redis evicts keys, and an
 *       evicted redemption is a replay accepted. Under {@code noeviction} a full Redis refuses the SET instead,
 *       which the store answers as {@code store_unavailable};</li>
 *   <li>Redis's {@code TIME} is within the skew allowance of the node's clock.</li>
 * </ul>
 */
final class RedisStartupCheck {
    static final String REQUIRED_POLICY = "noeviction";

    private RedisStartupCheck() {
    }

    static void require(RedisClient redis, Clock clock, long skewMs, String redisUrl) {
        String policy;
        try {
            Map<String, String> config = redis.configGet("maxmemory-policy");
            policy = config.get("maxmemory-policy");
        } catch (JedisException e) {
            throw new IllegalStateException("refusing to start: cannot read maxmemory-policy of Redis at " + redisUrl
                    + " (" + e.getMessage() + "); the redemption store needs CONFIG GET to check noeviction", e);
        }
        if (!REQUIRED_POLICY.equals(policy)) {
            throw new IllegalStateException("refusing to start: Redis at " + redisUrl + " has maxmemory-policy "
                    + policy + ", which may evict redemptions and so accept replays; set maxmemory-policy "
                    + REQUIRED_POLICY);
        }
        new ClockSkewCheck(clock, skewMs).require("Redis at " + redisUrl, () -> time(redis));
    }

    /** Redis's {@code TIME}: seconds and microseconds, as milliseconds since the epoch. */
    static long time(RedisClient redis) {
        @SuppressWarnings("unchecked")
        List<byte[]> reply = (List<byte[]>) redis.sendCommand(Protocol.Command.TIME);
        long seconds = Long.parseLong(new String(reply.get(0), StandardCharsets.US_ASCII));
        long micros = Long.parseLong(new String(reply.get(1), StandardCharsets.US_ASCII));
        return seconds * 1_000 + micros / 1_000;
    }
}
