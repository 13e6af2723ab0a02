package org.pouw.node.ratelimit;

/**
 * One token bucket's shape: {@code burst} tokens at most, refilled continuously at {@code perMinute} tokens a minute.
 *
 * @param perMinute tokens added per minute, > 0
 * @param burst     the bucket's capacity, > 0
 */
public record BucketSpec(long perMinute, long burst) {
    public BucketSpec {
        if (perMinute < 1 || burst < 1) {
            throw new IllegalArgumentException("a bucket needs per_minute >= 1 and burst >= 1, got " + perMinute
                    + " and " + burst);
        }
    }

    /**
     * "One refill's worth": what one second of refill adds, at least one token. A bucket whose state was lost (a
     * Redis restart, the switch to local fallback buckets) starts with this, not full, so losing the state never
     * hands an abusive client a fresh burst.
     */
    public long oneRefill() {
        return Math.min(burst, Math.max(1, (perMinute + 59) / 60));
    }

    /** This bucket shared by {@code nodes} nodes that each keep their own copy: rate and burst divided, at least 1. */
    public BucketSpec perNode(int nodes) {
        return new BucketSpec(Math.max(1, perMinute / nodes), Math.max(1, burst / nodes));
    }

    /** Milliseconds the refill needs to add {@code tokens}, rounded up. */
    public long millisFor(double tokens) {
        return tokens <= 0 ? 0 : (long) Math.ceil(tokens * 60_000.0 / perMinute);
    }
}
