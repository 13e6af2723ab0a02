package org.pouw.node.poolclient;

import java.time.Duration;

/** The one overall deadline of a relay (issue 23 §5): every attempt at every pool fits in it. */
final class Deadline {
    private final long endNanos;

    private Deadline(long endNanos) {
        this.endNanos = endNanos;
    }

    /** Measured on the monotonic clock: a deadline is an elapsed time, not a point in the node's time. */
    static Deadline in(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos());
    }

    /** What is left, zero once passed. */
    Duration left() {
        long left = endNanos - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    /** The deadline passed before another attempt could start: not the pool's fault, so never counted against it. */
    static final class Passed extends RuntimeException {
        Passed() {
            super("the relay's deadline passed", null, false, false);
        }
    }
}
