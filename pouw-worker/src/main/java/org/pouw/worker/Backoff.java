package org.pouw.worker;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Capped exponential backoff with jitter: the ceiling doubles from {@code initial} to {@code max} with each
 * consecutive miss, and each delay is drawn from [ceiling/2, ceiling]. The random half spreads a crowd of workers
 * that lost the node at the same moment, so they do not all come back in the same millisecond; the fixed half keeps
 * a delay from ever being near zero, so nothing hot-loops. One instance per loop; not thread-safe.
 */
public final class Backoff {
    private final long initialMs;
    private final long maxMs;
    private final RandomGenerator random;
    private int misses;

    public Backoff(Duration initial, Duration max, RandomGenerator random) {
        this.initialMs = initial.toMillis();
        this.maxMs = max.toMillis();
        if (initialMs <= 0) {
            throw new IllegalArgumentException("initial backoff must be > 0, got " + initial);
        }
        if (maxMs < initialMs) {
            throw new IllegalArgumentException("max backoff " + max + " is below initial backoff " + initial);
        }
        this.random = random;
    }

    /** The delay before the next try, growing with each call until {@link #reset()}. */
    public Duration next() {
        long ceiling = ceiling(misses);
        if (misses < 62) {
            misses++;
        }
        long half = ceiling / 2;
        return Duration.ofMillis(half + random.nextLong(ceiling - half + 1));
    }

    /** The try succeeded: start again from the initial delay. */
    public void reset() {
        misses = 0;
    }

    private long ceiling(int exponent) {
        // Shift without overflow: stop doubling once past the cap.
        long ceiling = initialMs;
        for (int i = 0; i < exponent && ceiling < maxMs; i++) {
            ceiling = ceiling > maxMs / 2 ? maxMs : ceiling * 2;
        }
        return ceiling;
    }
}
