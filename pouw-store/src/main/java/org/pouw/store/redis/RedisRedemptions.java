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

/**
 * pouw-gate's {@link Redemptions} on a Redis server, for nodes that scale out their access tokens (issue 21 §5;
 * docs/gate.md, "The redemption store"). The redemption is one script around {@code SET chal:<id> <owner> NX PX
 * <ttl>}: atomic on the server, so of any number of nodes and threads exactly one sets the key; the script also
 * refuses a key presentable before the state Redis serves began ({@link #REDEEM}), so a Redis that lost its records
 * in a restart grants none of them again.
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
    /**
     * The redemption with its restart guard, atomic on the server (docs/failures.md, "Nonce-store loss"). Redis
     * loses what it recorded since its last durable write when it restarts (empty, or from an old snapshot), and a
     * promoted replica lacks what the old primary had not yet sent it; a key recorded in that lost state must not be
     * granted again. So the script finds when the state it serves began — the server process's start
     * ({@code TIME} − {@code uptime_in_seconds} + 1 s: the uptime counts whole seconds from a start time truncated to
     * the second, so without the extra second the estimate can fall up to a second before the real start), or, when the record {@code KEYS[2]} names another
     * run of a server (a replica promoted, a record restored), the first call that saw this run — and refuses any
     * key presentable before then plus the skew. The record is a hash of one field, the run id, so a snapshot that
     * carries an old run's record can not vouch for this run.
     * KEYS[1] the key, KEYS[2] the record; ARGV[1] the owner value, ARGV[2] the time to live (ms), ARGV[3] the
     * presentable-from time on the node's clock ({@code any}: no guard), ARGV[4] the skew (ms).
     * Answers 1 (recorded), 0 (there already), -1 (presentable before the state began: treated as redeemed).
     */
    private static final String REDEEM = """
            local info = redis.call('INFO', 'server')
            local run = string.match(info, 'run_id:(%x+)')
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local since = tonumber(redis.call('HGET', KEYS[2], run))
            if not since then
              if redis.call('EXISTS', KEYS[2]) == 1 then
                since = now
              else
                since = now - (tonumber(string.match(info, 'uptime_in_seconds:(%d+)')) - 1) * 1000
              end
              redis.call('DEL', KEYS[2])
              redis.call('HSET', KEYS[2], run, string.format('%.0f', since))
            end
            if ARGV[3] ~= 'any' and tonumber(ARGV[3]) < since + tonumber(ARGV[4]) then
              if redis.call('EXISTS', KEYS[1]) == 1 then
                return 0
              end
              return -1
            end
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
              return 1
            end
            return 0
            """;
    /** The record of when the redemption state this Redis serves began, by run id. */
    static final String STATE_RECORD = "pouw:redeem:since";
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
        return redeem(key, PRESENTABLE_ANY_TIME, keepUntilMs, grant);
    }

    @Override
    public <G> GateVerdict<G> redeem(String key, long presentableFromMs, long keepUntilMs, Grant<G> grant) {
        if (!(grant instanceof Grant.Stateless<G> stateless)) {
            throw new IllegalArgumentException("a " + grant.buys() + " grant written to the database can not "
                    + "redeem in Redis: rewards redeem in the SQL ledger's transaction (gate.redemption_store = sql)");
        }
        String owner = UUID.randomUUID().toString();
        long ttlMs = Math.max(1, Math.addExact(keepUntilMs - clock.millis(), skewMs));
        try {
            Object recorded = redis.eval(REDEEM, List.of(key, STATE_RECORD), List.of(owner, Long.toString(ttlMs),
                    presentableFromMs == PRESENTABLE_ANY_TIME ? "any" : Long.toString(presentableFromMs),
                    Long.toString(skewMs)));
            if (recorded instanceof Long answer && answer == -1) {
                return GateVerdict.rejected(RejectionReason.REPLAYED, key + " may have been redeemed in a state the "
                        + "redemption store lost (it restarted after the key could be presented): counted as "
                        + "redeemed; ask for a new challenge");
            }
            if (!(recorded instanceof Long answer) || answer != 1) {
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
