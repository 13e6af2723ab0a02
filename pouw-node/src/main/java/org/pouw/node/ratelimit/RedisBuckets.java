package org.pouw.node.ratelimit;

import java.net.URI;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Token buckets on one Redis server, shared by every node that names it (issue 18: several nodes behind one
 * address). Each take or charge is one Lua script, atomic on the server.
 *
 * <p><b>One clock:</b> refills are computed from Redis's {@code TIME}, read inside the script. Every node then refills
 * every bucket from the same clock; with the nodes' own clocks a node running a few seconds ahead would refill a
 * shared bucket early and one behind would see time run backwards. (Redis 7 replicates a script's effects, not the
 * script, so {@code TIME} inside it is allowed.)
 *
 * <p><b>Lost state:</b> the key {@code pouw:rl:since} holds the Redis time at which the present bucket state began. A
 * missing bucket is created with one refill's worth ({@link BucketSpec#oneRefill()}) plus what it would have refilled
 * since that instant, never simply full. After a Redis restart (every key gone, {@code since} set anew) an abusive
 * client's bucket therefore starts nearly empty; an honest client's that simply expired while idle comes back full,
 * because a bucket is kept for longer than it takes to refill completely.
 *
 * <p><b>No eviction:</b> an evicted bucket is a bucket refilled for free, so the store refuses a Redis whose
 * {@code maxmemory-policy} is not {@code noeviction} ({@link #checkServer()}).
 */
public final class RedisBuckets implements BucketStore {
    static final String PREFIX = "pouw:rl:";
    static final String SINCE_KEY = PREFIX + "since";
    static final String REQUIRED_POLICY = "noeviction";

    /** KEYS[1] the bucket, KEYS[2] the since key; ARGV per_minute, burst, cost, mode (take|charge), one refill. */
    private static final String SCRIPT = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local rate = tonumber(ARGV[1]) / 60000
            local burst = tonumber(ARGV[2])
            local cost = tonumber(ARGV[3])
            local since = tonumber(redis.call('GET', KEYS[2]))
            if not since then
              since = now
              redis.call('SET', KEYS[2], tostring(now))
            end
            local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens
            local at
            if state[1] then
              tokens = tonumber(state[1])
              at = tonumber(state[2])
            else
              tokens = tonumber(ARGV[5])
              at = since
            end
            if now > at then
              tokens = tokens + (now - at) * rate
              at = now
            end
            if tokens > burst then tokens = burst end
            local allowed = 1
            local wait = 0
            if ARGV[4] == 'take' then
              if tokens >= cost then
                tokens = tokens - cost
              else
                allowed = 0
                wait = math.ceil((cost - tokens) / rate)
              end
            else
              tokens = tokens - cost
            end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(at))
            local debt = 0
            if tokens < 0 then debt = -tokens end
            redis.call('PEXPIRE', KEYS[1], math.ceil((burst + debt) / rate) + 60000)
            return {allowed, wait}
            """;

    private final RedisClient redis;
    private final String url;

    private RedisBuckets(RedisClient redis, String url) {
        this.redis = redis;
        this.url = url;
    }

    /** A client for {@code redis://host:port} with {@code timeoutMs} to connect and to answer; connects lazily. */
    public static RedisBuckets connect(String url, int timeoutMs) {
        URI uri = URI.create(url);
        if (!"redis".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1) {
            throw new IllegalArgumentException("rate_limits.redis_url must be redis://host:port, got " + url);
        }
        RedisClient client = RedisClient.builder().hostAndPort(uri.getHost(), uri.getPort())
                .clientConfig(DefaultJedisClientConfig.builder().connectionTimeoutMillis(timeoutMs)
                        .socketTimeoutMillis(timeoutMs).build())
                .build();
        return new RedisBuckets(client, url);
    }

    public String url() {
        return url;
    }

    /**
     * Checks the server may hold buckets: {@code maxmemory-policy} must be {@code noeviction}. Throws
     * {@link RedisUnavailableException} when Redis does not answer and {@link IllegalStateException} naming the
     * policy when it would evict.
     */
    public void checkServer() {
        String policy;
        try {
            Map<String, String> config = redis.configGet("maxmemory-policy");
            policy = config.get("maxmemory-policy");
        } catch (JedisException e) {
            throw new RedisUnavailableException("cannot read maxmemory-policy of Redis at " + url + ": "
                    + e.getMessage(), e);
        }
        if (!REQUIRED_POLICY.equals(policy)) {
            throw new IllegalStateException("Redis at " + url + " has maxmemory-policy " + policy + ", which may "
                    + "evict rate-limit buckets and so refill them for free; set maxmemory-policy " + REQUIRED_POLICY);
        }
    }

    @Override
    public Take take(String key, BucketSpec spec, long cost) {
        List<?> reply = run(key, spec, Math.min(cost, spec.burst()), "take");
        boolean allowed = ((Number) reply.get(0)).longValue() == 1;
        return allowed ? Take.ALLOWED : new Take(false, Math.max(1, ((Number) reply.get(1)).longValue()));
    }

    @Override
    public void charge(String key, BucketSpec spec, long cost) {
        if (cost > 0) {
            run(key, spec, cost, "charge");
        }
    }

    private List<?> run(String key, BucketSpec spec, long cost, String mode) {
        try {
            Object reply = redis.eval(SCRIPT, List.of(PREFIX + key, SINCE_KEY), List.of(
                    Long.toString(spec.perMinute()), Long.toString(spec.burst()), Long.toString(cost), mode,
                    Long.toString(spec.oneRefill())));
            return (List<?>) reply;
        } catch (JedisException e) {
            throw new RedisUnavailableException("Redis at " + url + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        redis.close();
    }
}
