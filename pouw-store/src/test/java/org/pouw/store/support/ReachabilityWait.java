package org.pouw.store.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waits for a storage's health probe to see an outage or a recovery: 30 s at most, ending as soon as it does. */
public final class ReachabilityWait {
    private ReachabilityWait() {
    }

    public static void until(BooleanSupplier reachable, boolean expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (reachable.getAsBoolean() != expected) {
            assertThat(System.nanoTime()).as("the storage reachable=%s within 30 s", expected).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
