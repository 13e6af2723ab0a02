package org.pouw.node.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;
import org.pouw.core.Clock;

/** Builds a node's rate limiter from its settings: local buckets, or Redis buckets with their local fallback. */
public final class RateLimitOpening {
    private RateLimitOpening() {
    }

    /** The limiter and the store to close with the node. */
    public record Opened(RequestLimiter limiter, BucketStore store) implements AutoCloseable {
        @Override
        public void close() {
            store.close();
        }
    }

    /**
     * Throws {@link IllegalStateException} naming the problem when a Redis store would evict buckets; an unreachable
     * Redis is not refused (the node starts on its fallback buckets).
     */
    public static Opened open(RateLimitSettings settings, Clock clock, MeterRegistry registry) {
        RateLimitMetrics metrics = new RateLimitMetrics(registry);
        long idleMs = idleMs(settings);
        BucketStore store;
        if (settings.store().equals(RateLimitSettings.REDIS)) {
            RedisBuckets redis = RedisBuckets.connect(settings.redisUrl(), settings.redisTimeoutMs());
            FallbackBuckets fallback = new FallbackBuckets(redis, new LocalBuckets(clock, settings.maxBuckets(),
                    idleMs, false), settings.nodes(), clock, settings.redisRetryMs());
            try {
                fallback.start();
            } catch (RuntimeException refused) {
                redis.close();
                throw refused;
            }
            RateLimitMetrics.watch(registry, fallback);
            store = fallback;
        } else {
            store = new LocalBuckets(clock, settings.maxBuckets(), idleMs, true);
        }
        return new Opened(new RequestLimiter(settings, store, metrics), store);
    }

    /**
     * How long an unused local bucket is kept: twice the longest time any bucket needs to refill from empty, so a
     * dropped bucket would have been full again (a bucket deep in debt may be forgiven the rest after that long).
     */
    static long idleMs(RateLimitSettings settings) {
        long longest = 0;
        for (BucketSpec spec : settings.address().values()) {
            longest = Math.max(longest, spec.millisFor(spec.burst()));
        }
        for (BucketSpec spec : settings.did().values()) {
            longest = Math.max(longest, spec.millisFor(spec.burst()));
        }
        return 2 * longest + 60_000;
    }
}
