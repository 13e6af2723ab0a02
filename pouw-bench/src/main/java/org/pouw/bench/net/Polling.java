package org.pouw.bench.net;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waiting for the nodes of a propagation benchmark to see what was sent. Checked every millisecond, because the time
 * until the condition holds is what these benchmarks measure; the bound only ends a run that would never finish.
 */
final class Polling {
    private Polling() {
    }

    /** Returns as soon as {@code done} holds; throws if it still does not after {@code seconds}. */
    static void until(BooleanSupplier done, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not done within " + seconds + " s");
            }
            Thread.sleep(1);
        }
    }
}
