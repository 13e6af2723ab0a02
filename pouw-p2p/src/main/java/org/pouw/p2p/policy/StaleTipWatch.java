package org.pouw.p2p.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Stale-tip detection (issue 20 §4): when no new block arrived for {@code k·T} by the local clock, the node may be
 * cut off from the honest chain, so it adds one outbound link beyond its slots, and drops the extra again once
 * blocks come. The chain calls {@link #blockArrived} whenever its validated tip moves; nothing a peer says moves
 * this clock.
 */
public final class StaleTipWatch {
    private final InstantSource clock;
    private final Duration after;
    private volatile Instant lastBlock;

    public StaleTipWatch(InstantSource clock, Duration after) {
        this.clock = clock;
        this.after = after;
        this.lastBlock = clock.instant();
    }

    public void blockArrived() {
        lastBlock = clock.instant();
    }

    public boolean isStale() {
        return clock.instant().isAfter(lastBlock.plus(after));
    }

    public Instant lastBlock() {
        return lastBlock;
    }
}
