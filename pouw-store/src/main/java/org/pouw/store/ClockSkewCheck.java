package org.pouw.store;

import java.util.function.LongSupplier;
import org.pouw.core.Clock;

/**
 * The start-up check of issue 21 §5: the node's clock must be within the skew allowance of every clock that judges
 * its redemptions (the database's, Redis's), or a challenge's redemption could be forgotten before another node
 * still accepts it. A node that fails it refuses to start, naming the clock and the setting.
 */
public final class ClockSkewCheck {
    private final Clock clock;
    private final long allowedMs;

    public ClockSkewCheck(Clock clock, long allowedMs) {
        this.clock = clock;
        this.allowedMs = allowedMs;
    }

    /**
     * Reads {@code theirMillis} between two readings of the node's clock and refuses if the two clocks are further
     * apart than the allowance; half the round trip is granted on top, since their reading could lie anywhere in it.
     *
     * @return the measured offset, theirs minus ours, in milliseconds
     * @throws IllegalStateException when the clocks are too far apart
     */
    public long require(String whose, LongSupplier theirMillis) {
        long before = clock.millis();
        long theirs = theirMillis.getAsLong();
        long after = clock.millis();
        long offset = theirs - (before + (after - before) / 2);
        long slack = (after - before + 1) / 2;
        if (Math.abs(offset) > allowedMs + slack) {
            throw new IllegalStateException("refusing to start: the node's clock is " + Math.abs(offset) + " ms "
                    + (offset > 0 ? "behind " : "ahead of ") + whose + "'s, more than gate.clock_skew_ms = " + allowedMs
                    + "; synchronise the clocks (NTP) before starting the node");
        }
        return offset;
    }
}
