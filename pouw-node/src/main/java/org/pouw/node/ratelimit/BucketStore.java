package org.pouw.node.ratelimit;

/**
 * Where token buckets live: in this process ({@link LocalBuckets}) or on a Redis server shared by several nodes
 * ({@link RedisBuckets}, wrapped in {@link FallbackBuckets}). Keys name the bucket; the spec travels with every call,
 * so a store needs no configuration of its own.
 */
public interface BucketStore extends AutoCloseable {
    /** Takes {@code cost} tokens if the bucket holds them; otherwise takes none and says when it would. */
    Take take(String key, BucketSpec spec, long cost);

    /**
     * Takes {@code cost} tokens whatever the bucket holds, into debt if need be: for work that is known only after it
     * was done (the jobs a claim returned, the proofs a submission carried). A bucket in debt refuses until refilled.
     */
    void charge(String key, BucketSpec spec, long cost);

    @Override
    default void close() {
    }

    /**
     * The answer to a take: allowed, or refused with the milliseconds until the bucket would hold enough.
     *
     * @param fromFallback the shared store was unreachable and a local fallback bucket gave this answer; with
     *                     {@code rate_limits.redis_lost = closed} the limiter refuses every request but lease calls
     *                     on such an answer ({@link RequestLimiter})
     */
    record Take(boolean allowed, long retryAfterMs, boolean fromFallback) {
        static final Take ALLOWED = new Take(true, 0);

        Take(boolean allowed, long retryAfterMs) {
            this(allowed, retryAfterMs, false);
        }

        Take onFallback() {
            return new Take(allowed, retryAfterMs, true);
        }
    }
}
