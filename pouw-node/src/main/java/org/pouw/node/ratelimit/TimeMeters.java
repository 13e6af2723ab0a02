package org.pouw.node.ratelimit;

import io.github.bucket4j.TimeMeter;
import org.pouw.core.Clock;

/** Bucket4j's time source from the node's {@link Clock}, so tests turn a crank instead of sleeping. */
final class TimeMeters {
    private TimeMeters() {
    }

    static TimeMeter of(Clock clock) {
        return new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return Math.multiplyExact(clock.millis(), 1_000_000L);
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }
}
