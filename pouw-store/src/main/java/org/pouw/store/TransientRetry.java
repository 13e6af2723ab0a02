package org.pouw.store;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Runs a whole transaction again when the database aborted it for a reason that a second run cures: a PostgreSQL
 * serialization failure or deadlock victim, an SQLite BUSY from another process, a pooled connection found broken
 * before COMMIT. Anything else, including every {@link org.pouw.core.PouwException}, passes through untouched on
 * the first throw.
 */
public final class TransientRetry {
    private final int maxAttempts;

    public TransientRetry(int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
    }

    public <T> T run(Supplier<T> transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
            } catch (StorageException e) {
                if (!e.isRetryable() || attempt >= maxAttempts) {
                    throw e;
                }
                pauseBefore(attempt + 1);
            }
        }
    }

    /** A short, random, growing pause so two transactions that collided do not collide again in lockstep. */
    private static void pauseBefore(int attempt) {
        long maxMicros = 200L << Math.min(attempt, 6);
        long micros = ThreadLocalRandom.current().nextLong(maxMicros / 2, maxMicros);
        try {
            Thread.sleep(micros / 1000, (int) (micros % 1000) * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a transaction", e);
        }
    }
}
