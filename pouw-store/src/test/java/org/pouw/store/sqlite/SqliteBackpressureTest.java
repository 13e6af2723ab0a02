package org.pouw.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.port.StoreTx;
import org.pouw.store.ConnectionGate;

/**
 * Issue 18 defect 7: SQLite queued every writer in Java without bound, so 200 clients held 200 requests in memory
 * and none was ever refused. Now a full line for the one writer (or for the readers) turns the next caller away at
 * once as busy, and lets callers in again once it moves.
 */
class SqliteBackpressureTest {
    @TempDir
    Path dir;

    @Test
    void writers_past_the_line_are_refused_at_once_as_busy_and_the_line_drains() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
        try (SqliteStorage storage = SqliteStorage.open(dir, 2)) {
            List<Future<Long>> waiting = new ArrayList<>();
            waiting.add(callers.submit(() -> storage.write((StoreTx tx) -> {
                holding.countDown();
                await(release);
                return tx.events().lastSeq();
            })));
            assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
            for (int i = 1; i < SqliteStorage.WRITER_LINE; i++) {
                waiting.add(callers.submit(() -> storage.write((StoreTx tx) -> tx.events().lastSeq())));
            }
            awaitRefusal(storage);
            assertThat(storage.busyRefusals()).isEqualTo(1);
            assertThat(storage.read((StoreTx tx) -> tx.events().lastSeq())).as("reads have their own line")
                    .isZero();

            release.countDown();
            for (Future<Long> call : waiting) {
                assertThat(call.get(30, TimeUnit.SECONDS)).isZero();
            }
            assertThat(storage.write((StoreTx tx) -> tx.events().lastSeq())).as("the line moved").isZero();
        } finally {
            callers.shutdownNow();
        }
    }

    /**
     * The lease reaper under a flood: before, its pass was one more writer in a full line and was turned away as
     * busy every second for as long as the flood lasted, so lapsed leases stayed out of the queue. Upkeep has places
     * of its own: with the line full it waits its turn and runs; only past its own places is it refused too.
     */
    @Test
    void upkeep_gets_a_place_when_the_writers_line_is_full() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch upkeepHolding = new CountDownLatch(ConnectionGate.UPKEEP_PLACES);
        ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
        try (SqliteStorage storage = SqliteStorage.open(dir, 2)) {
            List<Future<Long>> waiting = new ArrayList<>();
            waiting.add(callers.submit(() -> storage.write((StoreTx tx) -> {
                holding.countDown();
                await(release);
                return tx.events().lastSeq();
            })));
            assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
            for (int i = 1; i < SqliteStorage.WRITER_LINE; i++) {
                waiting.add(callers.submit(() -> storage.write((StoreTx tx) -> tx.events().lastSeq())));
            }
            awaitRefusal(storage);

            for (int i = 0; i < ConnectionGate.UPKEEP_PLACES; i++) {
                waiting.add(callers.submit(() -> {
                    upkeepHolding.countDown();
                    return storage.writeUpkeep((StoreTx tx) -> tx.events().lastSeq());
                }));
            }
            assertThat(upkeepHolding.await(30, TimeUnit.SECONDS)).isTrue();
            awaitLine(storage, 0, SqliteStorage.WRITER_LINE + ConnectionGate.UPKEEP_PLACES);
            assertThatThrownBy(() -> storage.writeUpkeep((StoreTx tx) -> tx.events().lastSeq()))
                    .as("upkeep past its own places").isInstanceOfSatisfying(PouwException.class,
                            e -> assertThat(e.problem()).isEqualTo(Problem.BUSY));

            release.countDown();
            for (Future<Long> call : waiting) {
                assertThat(call.get(30, TimeUnit.SECONDS)).as("every caller in line, upkeep too, served").isZero();
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void readers_past_their_line_are_refused_as_busy() throws Exception {
        int readers = 2;
        int line = readers * ConnectionGate.CALLERS_PER_CONNECTION;
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(readers);
        ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
        try (SqliteStorage storage = SqliteStorage.open(dir, readers)) {
            List<Future<Long>> waiting = new ArrayList<>();
            for (int i = 0; i < line; i++) {
                // Each holds its place from inside a read or while waiting for a reader: the line is full.
                waiting.add(callers.submit(() -> storage.read((StoreTx tx) -> {
                    holding.countDown();
                    await(release);
                    return tx.events().lastSeq();
                })));
            }
            // Only two can be inside at once; the others wait for a reader, holding their places.
            awaitLine(storage, 1, line);
            assertThatThrownBy(() -> storage.read((StoreTx tx) -> tx.events().lastSeq()))
                    .isInstanceOfSatisfying(PouwException.class, e -> {
                        assertThat(e.problem()).isEqualTo(Problem.BUSY);
                        assertThat(e.getMessage()).contains(line + " requests");
                    });
            release.countDown();
            for (Future<Long> call : waiting) {
                assertThat(call.get(30, TimeUnit.SECONDS)).isZero();
            }
        } finally {
            callers.shutdownNow();
        }
    }

    /** The callers get in line on their own threads; the next caller is refused once they all have. */
    private static void awaitRefusal(SqliteStorage storage) throws InterruptedException {
        awaitLine(storage, 0, SqliteStorage.WRITER_LINE);
        assertThatThrownBy(() -> storage.write((StoreTx tx) -> tx.events().lastSeq()))
                .isInstanceOfSatisfying(PouwException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.BUSY);
                    assertThat(e.getMessage()).contains("busy").contains(SqliteStorage.WRITER_LINE + " requests");
                });
    }

    private static void awaitLine(SqliteStorage storage, int which, int length) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (storage.inLine()[which] < length) {
            assertThat(System.nanoTime()).as("%d callers in line within 30 s", length).isLessThan(deadline);
            Thread.sleep(10);
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
