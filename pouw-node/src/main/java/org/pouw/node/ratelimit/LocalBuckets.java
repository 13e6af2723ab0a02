package org.pouw.node.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import org.pouw.core.Clock;

/**
 * Token buckets in this process (Bucket4j), in a bounded cache (Caffeine): at most {@code maxBuckets} buckets, so a
 * client rotating through addresses cannot grow the node's memory without bound. Caffeine's admission policy keeps
 * the buckets that are used often (an abusive client's among them) over a flood of one-shot keys, and a bucket idle
 * for {@code idleMs} — longer than any bucket needs to refill completely — is dropped, which loses nothing: it would
 * be full again.
 *
 * <p>{@code startFull}: the node's own buckets start full (a new client gets its burst). The fallback buckets used
 * while Redis is lost start with one refill's worth ({@link BucketSpec#oneRefill()}): the state was lost, not
 * earned.
 */
public final class LocalBuckets implements BucketStore {
    private final Cache<String, Bucket> buckets;
    private final TimeMeter time;
    private final boolean startFull;

    public LocalBuckets(Clock clock, int maxBuckets, long idleMs, boolean startFull) {
        this.time = TimeMeters.of(clock);
        this.startFull = startFull;
        this.buckets = Caffeine.newBuilder().maximumSize(maxBuckets)
                .expireAfterAccess(Duration.ofMillis(idleMs)).ticker(clock::nanoTime).build();
    }

    @Override
    public Take take(String key, BucketSpec spec, long cost) {
        ConsumptionProbe probe = bucket(key, spec).tryConsumeAndReturnRemaining(Math.min(cost, spec.burst()));
        if (probe.isConsumed()) {
            return Take.ALLOWED;
        }
        return new Take(false, Math.max(1, (probe.getNanosToWaitForRefill() + 999_999) / 1_000_000));
    }

    @Override
    public void charge(String key, BucketSpec spec, long cost) {
        if (cost > 0) {
            bucket(key, spec).consumeIgnoringRateLimits(cost);
        }
    }

    /** How many buckets are held now (after pending evictions): the memory bound's witness. */
    public long size() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    /** Drops every bucket: the fallback buckets are forgotten once the shared store is back. */
    public void clear() {
        buckets.invalidateAll();
    }

    private Bucket bucket(String key, BucketSpec spec) {
        return buckets.get(key, k -> Bucket.builder()
                .addLimit(limit -> limit.capacity(spec.burst())
                        .refillGreedy(spec.perMinute(), Duration.ofMinutes(1))
                        .initialTokens(startFull ? spec.burst() : spec.oneRefill()))
                .withCustomTimePrecision(time).build());
    }
}
