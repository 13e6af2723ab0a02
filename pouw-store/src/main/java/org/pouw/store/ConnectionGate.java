package org.pouw.store;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;

/**
 * Backpressure in front of a database's connections. At most {@code limit} callers may hold or wait for them; the
 * next one is turned away at once with {@link Problem#BUSY} (503 with {@code Retry-After} at the edge), rather than
 * joining a queue of thousands that each wait seconds for a connection, holding a request's memory all the while,
 * and then fail anyway. A burst then costs the callers a retry, not the node its latency and heap for everyone.
 * Used by both backends: PostgreSQL's writer and reader pools, SQLite's one writer and its readers.
 *
 * <p>The node's own upkeep (the lease reaper) has {@link #UPKEEP_PLACES} places of its own beyond the limit: a flood
 * of requests that keeps the line full would otherwise turn away, pass after pass, the work that gives lapsed leases
 * back to the queue. Upkeep still waits its turn for a connection; it is only never shed while its places are free.
 */
public final class ConnectionGate {
    /** Callers allowed per connection: enough that a busy connection always has work queued behind it. */
    public static final int CALLERS_PER_CONNECTION = 8;
    /** Places kept for upkeep callers ({@link #asUpkeep}) beyond the limit. */
    public static final int UPKEEP_PLACES = 2;
    private static final ThreadLocal<Boolean> UPKEEP = ThreadLocal.withInitial(() -> false);

    private final String line;
    private final int connections;
    private final int limit;
    private final Semaphore permits;
    private final Semaphore upkeep = new Semaphore(UPKEEP_PLACES);
    private final LongAdder refusals;

    /**
     * @param line        what the callers wait for, for the refusal's message ("PostgreSQL writer connections")
     * @param connections how many of them there are
     * @param limit       callers that may hold or wait for one at once
     * @param refusals    counts every caller turned away (shared by the gates of one storage, for its metric)
     */
    public ConnectionGate(String line, int connections, int limit, LongAdder refusals) {
        if (connections < 1 || limit < connections) {
            throw new IllegalArgumentException("a gate needs at least one connection and a place for each, got "
                    + connections + " connections and a limit of " + limit);
        }
        this.line = line;
        this.connections = connections;
        this.limit = limit;
        this.permits = new Semaphore(limit);
        this.refusals = refusals;
    }

    /**
     * A place in line, given back on close; {@link Problem#BUSY} when the line is full — for an upkeep caller, when
     * its own places are taken too.
     */
    public Pass enter() {
        if (permits.tryAcquire()) {
            return permits::release;
        }
        if (UPKEEP.get() && upkeep.tryAcquire()) {
            return upkeep::release;
        }
        refusals.increment();
        throw busy(limit + " requests already hold or wait for its " + connections + " " + line);
    }

    /** Runs {@code work} as the node's upkeep: the gates it enters on this thread may seat it in the upkeep places. */
    public static <T> T asUpkeep(Supplier<T> work) {
        boolean outer = UPKEEP.get();
        UPKEEP.set(true);
        try {
            return work.get();
        } finally {
            UPKEEP.set(outer);
        }
    }

    public int limit() {
        return limit;
    }

    /** Callers holding or waiting for a connection now, upkeep included. */
    public int inLine() {
        return limit - permits.availablePermits() + UPKEEP_PLACES - upkeep.availablePermits();
    }

    public static PouwException busy(String why) {
        return new PouwException(Problem.BUSY, "the node is busy: " + why + "; retry shortly");
    }

    /** Held while a caller uses or waits for a connection. */
    public interface Pass extends AutoCloseable {
        @Override
        void close();
    }
}
