package org.pouw.chain.net;

/**
 * When a block body asked of a peer is late (docs/network.md §3, "Bodies from several peers"), in the sync's ticks
 * (a second each in the node). A body's first bytes are due within {@link #FIRST_BYTES_TICKS}; from then on the
 * time it may take scales with the size its server declared, and it must keep up a floor rate of
 * {@link #MIN_BYTES_PER_TICK}: at {@code t} ticks after its first bytes at least {@code MIN_BYTES_PER_TICK * (t -
 * FIRST_BYTES_TICKS)} bytes must have come, less one transport chunk of slack (bytes come a chunk at a time). So an
 * honest 32 MiB block on a link of 100 KiB/s arrives however long it takes (~330 ticks), while a peer that declares a
 * huge body and trickles it (a slow loris) is cut off some 26 ticks after its first bytes, whatever size it declared.
 */
final class BodyDeadline {
    /** Ticks a peer may take to start serving a body. */
    static final int FIRST_BYTES_TICKS = 10;
    /** The floor rate a body must keep once it started: 64 KiB a tick. */
    static final long MIN_BYTES_PER_TICK = 64 * 1024;
    /** Bytes arrive a transport chunk (at most 1 MiB) at a time: a body may be this far behind the floor. */
    static final long SLACK_BYTES = 1 << 20;

    private final long sentAt;
    private long firstBytesAt = -1;
    private long declared = -1;
    private long received;

    BodyDeadline(long sentAt) {
        this.sentAt = sentAt;
    }

    /** The transport's report: {@code received} of the {@code declared} bytes are in at tick {@code now}. */
    void progress(long declared, long received, long now) {
        if (firstBytesAt < 0) {
            firstBytesAt = now;
        }
        this.declared = declared;
        this.received = Math.max(this.received, received);
    }

    boolean started() {
        return firstBytesAt >= 0;
    }

    long declared() {
        return declared;
    }

    /** Whether the body is late at tick {@code now}: not started in time, or fallen behind the floor rate. */
    boolean late(long now) {
        if (firstBytesAt < 0) {
            return now - sentAt > FIRST_BYTES_TICKS;
        }
        long flowing = now - firstBytesAt - FIRST_BYTES_TICKS;
        if (flowing <= 0) {
            return false;
        }
        // ticks stay far below 2^40, so the floor can not overflow
        return received + SLACK_BYTES < Math.min(flowing, 1L << 40) * MIN_BYTES_PER_TICK;
    }
}
