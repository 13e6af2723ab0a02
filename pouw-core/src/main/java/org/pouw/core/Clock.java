package org.pouw.core;

/**
 * Time as a port (ARCHITECTURE.md §3): domain code never reads the wall clock, so lease and deadline rules are
 * tested by moving a {@link SettableClock} and running the reaper once.
 */
@FunctionalInterface
public interface Clock {
    long millis();

    static Clock system() {
        return System::currentTimeMillis;
    }
}
