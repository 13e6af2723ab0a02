package org.pouw.core;

/**
 * Time as a port (ARCHITECTURE.md §3): domain code never reads the wall clock, so lease and deadline rules are
 * tested by moving a {@link SettableClock} and running the reaper once.
 */
@FunctionalInterface
public interface Clock {
    /** Wall-clock time in milliseconds since the epoch: what leases, deadlines and records are stamped with. */
    long millis();

    /**
     * A monotonic reading in nanoseconds for measuring how long something took; only differences between two
     * readings mean anything. A clock given as a lambda measures on its own {@link #millis()}.
     */
    default long nanoTime() {
        return Math.multiplyExact(millis(), 1_000_000L);
    }

    static Clock system() {
        return SystemClock.INSTANCE;
    }

    /** The machine's clocks: the wall clock for instants, the monotonic one for durations. */
    enum SystemClock implements Clock {
        INSTANCE;

        @Override
        public long millis() {
            return System.currentTimeMillis();
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }
    }
}
