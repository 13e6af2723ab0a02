package org.pouw.store.postgres;

import java.util.concurrent.Semaphore;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;

/**
 * Backpressure in front of a connection pool. At most {@code limit} callers may hold or wait for the pool's
 * connections; the next one is turned away at once with a 503 "busy" (the API adds {@code Retry-After}), rather
 * than joining a queue of thousands that each wait seconds for a connection and then fail anyway. A burst of
 * single-job claims then costs the callers a retry, not the node its latency for everyone.
 */
final class ConnectionGate {
    /** Callers allowed per connection: enough that a full pool always has work queued behind it. */
    static final int CALLERS_PER_CONNECTION = 8;

    private final String pool;
    private final int connections;
    private final int limit;
    private final Semaphore permits;

    ConnectionGate(String pool, int connections) {
        this.pool = pool;
        this.connections = connections;
        this.limit = connections * CALLERS_PER_CONNECTION;
        this.permits = new Semaphore(limit);
    }

    /** A place in line, given back on close; {@link Problem#UNAVAILABLE} when the line is full. */
    Pass enter() {
        if (!permits.tryAcquire()) {
            throw busy(limit + " requests already hold or wait for its " + connections + " " + pool
                    + " database connections");
        }
        return permits::release;
    }

    static PouwException busy(String why) {
        return new PouwException(Problem.UNAVAILABLE, "the node is busy: " + why + "; retry shortly");
    }

    /** Held while a caller uses or waits for a connection. */
    interface Pass extends AutoCloseable {
        @Override
        void close();
    }
}
