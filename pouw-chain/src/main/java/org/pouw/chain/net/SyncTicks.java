package org.pouw.chain.net;

/** The sync's time: ticks of its periodic crank ({@link ChainSync#tick}), never a wall clock. */
final class SyncTicks {
    private long now;

    long now() {
        return now;
    }

    void advance() {
        now++;
    }
}
