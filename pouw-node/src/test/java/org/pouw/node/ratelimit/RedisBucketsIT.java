package org.pouw.node.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.store.support.RedisServerProcess;
import redis.clients.jedis.RedisClient;

/**
 * The shared store against a real {@code redis-server} started by the test: limits held across nodes, Redis killed
 * under an abusive client, a restarted Redis, an evicting Redis refused. The nodes' clocks are settable and still, so
 * the fallback buckets (which refill on the node's clock) never refill here; the Redis buckets refill on Redis's own
 * clock, slowly (one token a second at most), so the bounds below leave room for a slow machine.
 */
class RedisBucketsIT {
    static final BucketSpec SLOW = new BucketSpec(60, 100); // one token a second; one refill's worth is 1
    final SettableClock clockA = new SettableClock(1_700_000_000_000L);
    final SettableClock clockB = new SettableClock(1_700_000_003_600L); // another node, its clock 3.6 s apart
    RedisServerProcess redis;

    @AfterEach
    void stop() {
        if (redis != null) {
            redis.close();
        }
    }

    FallbackBuckets node(SettableClock clock, int nodes) {
        return new FallbackBuckets(RedisBuckets.connect(redis.url(), 500),
                new LocalBuckets(clock, 10_000, 600_000, false), nodes, clock, 1_000).start();
    }

    /** Marks the bucket state as begun long ago, as on a Redis that has run for days: new buckets start full. */
    void stateBeganLongAgo() {
        try (RedisClient client = RedisClient.create("127.0.0.1", redis.port())) {
            client.set(RedisBuckets.SINCE_KEY, "0");
        }
    }

    static int takeAll(BucketStore store, String key, BucketSpec spec, int attempts) {
        int allowed = 0;
        for (int i = 0; i < attempts; i++) {
            if (store.take(key, spec, 1).allowed()) {
                allowed++;
            }
        }
        return allowed;
    }

    @Test
    void aLimitHoldsAcrossTwoNodesOnOneRedis() {
        redis = RedisServerProcess.start();
        stateBeganLongAgo();
        try (FallbackBuckets a = node(clockA, 2); FallbackBuckets b = node(clockB, 2)) {
            BucketSpec tenAMinute = new BucketSpec(1, 10);
            int allowed = 0;
            for (int i = 0; i < 40; i++) {
                if ((i % 2 == 0 ? a : b).take("a:claims:4:192.0.2.1", tenAMinute, 1).allowed()) {
                    allowed++;
                }
            }
            // Ten in all, not ten per node (one more if a minute passed on a very slow machine).
            assertThat(allowed).isBetween(10, 11);
            assertThat(a.state()).isEqualTo(FallbackBuckets.State.SHARED);
            // A charge on one node is seen by the other.
            a.charge("a:claims:4:192.0.2.2", tenAMinute, 9);
            assertThat(takeAll(b, "a:claims:4:192.0.2.2", tenAMinute, 5)).isBetween(1, 2);
        }
    }

    @Test
    void redisKilledUnderAnAbusiveClientKeepsTheGateClosedAtTheFallbackRateAndHonestTrafficGoesOn() {
        redis = RedisServerProcess.start();
        stateBeganLongAgo();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (FallbackBuckets a = node(clockA, 2)) {
            RateLimitMetrics.watch(registry, a);
            // The abuser has spent its bucket on Redis.
            assertThat(takeAll(a, "a:reads:abuser", SLOW, 150)).isBetween(100, 110);
            redis.kill();
            // Still hammering: the fallback bucket (1/2 of the rate, starting at one refill's worth) admits one.
            assertThat(takeAll(a, "a:reads:abuser", SLOW, 200)).isEqualTo(1);
            assertThat(a.state()).isEqualTo(FallbackBuckets.State.FALLBACK);
            assertThat(registry.get("pouw_rate_limit_store_state").tag("state", "fallback").gauge().value())
                    .isEqualTo(1.0);
            assertThat(registry.get("pouw_rate_limit_store_fallbacks").functionCounter().count()).isEqualTo(1.0);
            // An honest client is admitted, at the fallback rate: half a token a second on this node.
            assertThat(a.take("a:reads:honest", SLOW, 1).allowed()).isTrue();
            clockA.advance(2_000);
            assertThat(takeAll(a, "a:reads:honest", SLOW, 5)).isEqualTo(1);
            assertThat(takeAll(a, "a:reads:abuser", SLOW, 50)).isEqualTo(1);
        }
    }

    @Test
    void bucketsRecreatedAfterARedisRestartStartWithOneRefillNotFull() {
        redis = RedisServerProcess.start();
        stateBeganLongAgo();
        try (FallbackBuckets a = node(clockA, 1)) {
            assertThat(takeAll(a, "a:reads:abuser", SLOW, 150)).isBetween(100, 110);
            redis.kill();
            redis.startAgain();
            // A pooled connection the kill broke may fail once, and the node falls back; a retry later it tries
            // Redis again and finds it.
            a.take("a:reads:probe", SLOW, 1);
            clockA.advance(1_000);
            int afterRestart = takeAll(a, "a:reads:abuser", SLOW, 150);
            assertThat(a.state()).isEqualTo(FallbackBuckets.State.SHARED);
            // One refill's worth plus a token per second of the test, far from the 100 of a full bucket.
            assertThat(afterRestart).isBetween(1, 20);
            // Buckets created after the restart are no fuller than that, whoever asks first.
            assertThat(takeAll(a, "a:reads:newcomer", SLOW, 150)).isBetween(1, 20);
        }
    }

    @Test
    void aRedisThatMayEvictIsRefusedAtStartNamingThePolicy() {
        redis = RedisServerProcess.start("--maxmemory", "64mb", "--maxmemory-policy", "volatile-lru");
        RateLimitSettings settings = RateLimitTestSettings.with(Map.of("rate_limits.store", "redis",
                "rate_limits.redis_url", redis.url()));
        assertThatThrownBy(() -> RateLimitOpening.open(settings, clockA, new SimpleMeterRegistry()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("maxmemory-policy volatile-lru")
                .hasMessageContaining("noeviction");
    }

    @Test
    void anUnreachableRedisAtStartIsNoSinglePointOfFailure() {
        redis = RedisServerProcess.start();
        String url = redis.url();
        redis.kill();
        RateLimitSettings settings = RateLimitTestSettings.with(Map.of("rate_limits.store", "redis",
                "rate_limits.redis_url", url, "rate_limits.nodes", "2", "rate_limits.reads.address_burst", "10"));
        try (RateLimitOpening.Opened opened = RateLimitOpening.open(settings, clockA, new SimpleMeterRegistry())) {
            FallbackBuckets store = (FallbackBuckets) opened.store();
            assertThat(store.state()).isEqualTo(FallbackBuckets.State.FALLBACK);
            assertThat(opened.limiter().admit(LimitClass.READS, false,
                    AddressLiteral.parse("192.0.2.1").orElseThrow(), java.util.Optional.empty()))
                    .isInstanceOf(Admission.Admitted.class);
            // Redis comes up: the next try after redis_retry_ms finds it.
            redis.startAgain();
            clockA.advance(settings.redisRetryMs());
            opened.limiter().admit(LimitClass.READS, false, AddressLiteral.parse("192.0.2.1").orElseThrow(),
                    java.util.Optional.empty());
            assertThat(store.state()).isEqualTo(FallbackBuckets.State.SHARED);
        }
    }
}
