package org.pouw.node.gate;

import org.pouw.core.Clock;

/**
 * The challenge class's budget (issue 21 §1): at most {@code perSecond} challenges a second for the whole class,
 * as a token bucket one second deep. Over it the node answers 429 {@code rate_limited}: overload is shed here, not
 * by raising the bits of every source.
 */
public final class ChallengeClassBudget {
    private final Clock clock;
    private final int perSecond;
    private double available;
    private long lastMs;

    public ChallengeClassBudget(Clock clock, int perSecond) {
        this.clock = clock;
        this.perSecond = perSecond;
        this.available = perSecond;
        this.lastMs = clock.millis();
    }

    public synchronized boolean tryTake() {
        long now = clock.millis();
        if (now > lastMs) {
            available = Math.min(perSecond, available + (now - lastMs) * perSecond / 1000.0);
            lastMs = now;
        }
        if (available < 1) {
            return false;
        }
        available -= 1;
        return true;
    }
}
