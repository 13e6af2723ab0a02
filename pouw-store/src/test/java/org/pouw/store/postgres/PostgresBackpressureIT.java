package org.pouw.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.port.Storage;
import org.pouw.core.port.StoreTx;
import org.pouw.store.ConnectionGate;
import org.pouw.store.support.PostgresTestDatabase;

/** A full line for the connections turns the next caller away at once, as "busy", and lets it in once it moves. */
class PostgresBackpressureIT {
    @Test
    void callers_past_the_line_are_refused_at_once_and_the_line_drains() throws Exception {
        PostgresTestDatabase database = new PostgresTestDatabase(1);
        int line = ConnectionGate.CALLERS_PER_CONNECTION;
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
        try (Storage storage = database.open()) {
            List<Future<Long>> waiting = new ArrayList<>();
            waiting.add(callers.submit(() -> storage.write((StoreTx tx) -> {
                holding.countDown();
                await(release);
                return tx.events().lastSeq();
            })));
            assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
            for (int i = 1; i < line; i++) {
                waiting.add(callers.submit(() -> storage.write((StoreTx tx) -> tx.events().lastSeq())));
            }
            // The seven others queue for the one connection. Wait until the gate counts all eight (a fixed pause
            // was not enough under load: a caller not yet in line lets the probe below in, and it waits).
            WriterLine.awaitLength(storage, line);

            long started = System.nanoTime();
            assertThatThrownBy(() -> storage.write((StoreTx tx) -> tx.events().lastSeq()))
                    .isInstanceOfSatisfying(PouwException.class, e -> {
                        assertThat(e.problem()).isEqualTo(Problem.BUSY);
                        assertThat(e.getMessage()).contains("busy").contains(line + " requests");
                    });
            // A caller let into line would wait up to the pool's 5 s; 3 s leaves a loaded machine room and still
            // tells the two apart.
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).as("refused without waiting")
                    .isLessThan(3_000);
            assertThat(storage.busyRefusals()).as("counted for pouw_busy_refusals_total").isEqualTo(1);
            assertThat(storage.read((StoreTx tx) -> tx.events().lastSeq())).as("reads have their own line")
                    .isZero();

            release.countDown();
            for (Future<Long> call : waiting) {
                assertThat(call.get(30, TimeUnit.SECONDS)).isZero();
            }
            assertThat(storage.write((StoreTx tx) -> tx.events().lastSeq())).isZero();
        } finally {
            callers.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
