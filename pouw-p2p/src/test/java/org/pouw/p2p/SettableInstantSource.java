package org.pouw.p2p;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock a test turns by hand. */
final class SettableInstantSource implements InstantSource {
    private volatile Instant now;

    SettableInstantSource(Instant start) {
        this.now = start;
    }

    void advance(Duration by) {
        now = now.plus(by);
    }

    @Override
    public Instant instant() {
        return now;
    }
}
