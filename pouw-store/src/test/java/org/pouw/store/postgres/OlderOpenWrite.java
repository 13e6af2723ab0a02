package org.pouw.store.postgres;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.pouw.core.event.EventDraft;
import org.pouw.core.port.StoreTx;

/**
 * A write transaction that appended one event and stays open until released: the older transaction that holds
 * back event numbering (issue 26) for every later one.
 */
final class OlderOpenWrite {
    private final CountDownLatch release = new CountDownLatch(1);
    private final CompletableFuture<Void> done;

    /** Starts the write on {@code thread} and returns once its event is appended. */
    OlderOpenWrite(PostgresStorage storage, ExecutorService thread, String type) throws InterruptedException {
        CountDownLatch appended = new CountDownLatch(1);
        done = CompletableFuture.runAsync(() -> storage.write((StoreTx tx) -> {
            tx.events().append(new EventDraft(type, "", "", "{}"), 1);
            appended.countDown();
            await(release);
            return null;
        }), thread);
        if (!appended.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the older write never appended its event");
        }
    }

    /** Lets it commit, and waits until its write (its publication included) returns. */
    void commit() throws InterruptedException, ExecutionException, TimeoutException {
        release.countDown();
        done.get(30, TimeUnit.SECONDS);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
