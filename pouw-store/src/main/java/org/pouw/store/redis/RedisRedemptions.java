package org.pouw.store.redis;

import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.pouw.core.Clock;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;
import org.pouw.gate.redeem.Grant;
import org.pouw.gate.redeem.Redemptions;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;

/**
 * pouw-gate's {@link Redemptions} on a Redis server, for nodes that scale out their access tokens (issue 21 §5;
 * docs/gate.md, "The redemption store"). The redemption is one {@code SET chal:<id> <owner> NX PX <ttl>}: atomic on
 * the server, so of any number of nodes and threads exactly one sets the key.
 *
 * <p>"The same transaction" here: Redis and the node's database can not commit together, so a Redis store grants
 * only what needs no database write — a signed, stateless access token, minted after the SET succeeded. If minting
 * refuses or fails, the key is deleted again, but only if it still holds this call's owner value (a compare-and-delete
 * script), so nothing is consumed. A money reward, which is a ledger write, is refused as a wiring error: it must
 * redeem in the SQL ledger's transaction ({@code SqlRedemptions}).
 *
 * <p>Entries expire on Redis's side: {@code PX} is the time left to the keep-until instant on the node's clock plus
 * the skew allowance once more, so the entry outlives the challenge on every node whose clock is within the skew of
 * this one (each is within the skew of Redis, checked at start by {@link RedisStartupCheck}).
 */
public final class RedisRedemptions implements Redemptions, AutoCloseable {
    /** Deletes KEYS[1] only if it still holds ARGV[1]: takes back this call's redemption and never another's. */
    private static final String TAKE_BACK =
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";
    private static final int CONNECT_TIMEOUT_MS = 1_000;
    private static final int SOCKET_TIMEOUT_MS = 2_000;

    private final RedisClient redis;
    private final Clock clock;
    private final long skewMs;

    RedisRedemptions(RedisClient redis, Clock clock, long skewMs) {
        this.redis = redis;
        this.clock = clock;
        this.skewMs = skewMs;
    }

    /**
     * Connects to {@code redisUrl} ({@code redis://host:port}) and runs the start-up checks: {@code noeviction} and
     * the clocks within {@code skewMs}. Throws {@link IllegalStateException} naming what is wrong, so the node refuses
     * to start.
     */
    public static RedisRedemptions open(String redisUrl, Clock clock, long skewMs) {
        RedisClient redis = client(redisUrl);
        try {
            RedisStartupCheck.require(redis, clock, skewMs, redisUrl);
            return new RedisRedemptions(redis, clock, skewMs);
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    static RedisClient client(String redisUrl) {
        URI uri = URI.create(redisUrl);
        if (!"redis".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1) {
            throw new IllegalArgumentException("gate.redis_url must be redis://host:port, got " + redisUrl);
        }
        return RedisClient.builder()
                .hostAndPort(uri.getHost(), uri.getPort())
                .clientConfig(DefaultJedisClientConfig.builder()
                        .connectionTimeoutMillis(CONNECT_TIMEOUT_MS)
                        .socketTimeoutMillis(SOCKET_TIMEOUT_MS)
                        .build())
                .build();
    }

    @Override
    public <G> GateVerdict<G> redeem(String key, long keepUntilMs, Grant<G> grant) {
        if (!(grant instanceof Grant.Stateless<G> stateless)) {
            throw new IllegalArgumentException("a " + grant.buys() + " grant written to the database can not "
                    + "redeem in Redis: rewards redeem in the SQL ledger's transaction (gate.redemption_store = sql)");
        }
        String owner = UUID.randomUUID().toString();
        long ttlMs = Math.max(1, Math.addExact(keepUntilMs - clock.millis(), skewMs));
        try {
            if (redis.set(key, owner, SetParams.setParams().nx().px(ttlMs)) == null) {
                return Redemptions.replayed(key);
            }
        } catch (JedisConnectionException e) {
            return unavailable("Redis is unreachable: " + e.getMessage());
        } catch (JedisDataException e) {
            // An OOM refusal under noeviction, a read-only replica, a renamed command: nothing was recorded.
            return unavailable("Redis refused the redemption: " + e.getMessage());
        }
        boolean granted = false;
        try {
            GateVerdict<G> verdict = stateless.mint().get();
            granted = verdict.isAccepted();
            return verdict;
        } finally {
            if (!granted) {
                takeBack(key, owner);
            }
        }
    }

    private void takeBack(String key, String owner) {
        try {
            redis.eval(TAKE_BACK, List.of(key), List.of(owner));
        } catch (JedisConnectionException | JedisDataException e) {
            // The key stays until it expires: the challenge is spent without a grant. That errs on the safe side
            // (never two grants), and the client can ask for a new challenge.
        }
    }

    /** Redis forgets entries itself, when their {@code PX} runs out. */
    @Override
    public int forgetExpired(long nowMs) {
        return 0;
    }

    @Override
    public boolean answers() {
        try {
            return "PONG".equals(redis.ping());
        } catch (JedisConnectionException | JedisDataException e) {
            return false;
        }
    }

    /** Milliseconds until {@code key} expires on Redis ({@code PTTL}): -2 if absent, -1 if it never expires. */
    public long millisToLive(String key) {
        return redis.pttl(key);
    }

    @Override
    public void close() {
        redis.close();
    }

    private static <G> GateVerdict<G> unavailable(String detail) {
        return GateVerdict.rejected(RejectionReason.STORE_UNAVAILABLE, detail);
    }
}
