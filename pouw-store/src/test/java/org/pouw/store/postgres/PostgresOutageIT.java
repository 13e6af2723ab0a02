package org.pouw.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
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
import org.pouw.core.event.EventDraft;
import org.pouw.core.port.StoreTx;
import org.pouw.store.DatabaseUnreachableException;
import org.pouw.store.support.ReachabilityWait;

/**
 * Issue 18 defect 8 on PostgreSQL: the server stops under a running storage (a real embedded server of this test's
 * own, stopped and started again on the same data folder and port). Before, every call waited out the pool's five
 * seconds for a connection before failing; now, once the storage knows the server is gone, calls fail at once as
 * unreachable, readiness says so without waiting, and when the server is back the probe sees it and calls work.
 */
class PostgresOutageIT {
    @TempDir
    Path data;

    @Test
    void calls_fail_fast_while_the_server_is_down_and_work_again_once_it_is_back() throws Exception {
        EmbeddedPostgres server = start(0);
        int port = server.getPort();
        String url = server.getJdbcUrl("postgres", "postgres");
        try (PostgresStorage storage = PostgresStorage.open(url, "postgres", "postgres", 2)) {
            storage.write((StoreTx tx) -> tx.events().append(new EventDraft("before", "", "", "{}"), 1));

            server.close();
            ReachabilityWait.until(storage::isReachable, false);
            for (int i = 0; i < 3; i++) {
                long started = System.nanoTime();
                assertThatThrownBy(() -> storage.write((StoreTx tx) -> tx.events().lastSeq()))
                        .isInstanceOf(DatabaseUnreachableException.class);
                assertThatThrownBy(() -> storage.read((StoreTx tx) -> tx.events().lastSeq()))
                        .isInstanceOf(DatabaseUnreachableException.class);
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
                        .as("failed without waiting out the pool's 5 s connection timeout").isLessThan(3_000);
            }

            server = start(port);
            ReachabilityWait.until(storage::isReachable, true);
            storage.write((StoreTx tx) -> tx.events().append(new EventDraft("after", "", "", "{}"), 2));
            assertThat(storage.read((StoreTx tx) -> tx.events().lastSeq())).isEqualTo(2);
        } finally {
            server.close();
        }
    }

    /**
     * A fresh outage under callers already waiting for a connection: both of the pool's connections are held, four
     * more calls wait for one, and the server and its backends are killed (SIGKILL). The waiting calls used to sit
     * out the pool's five seconds and were then refused as busy, though the health probe had seen the outage within a
     * second; now a caller waits in short slices and leaves, as unreachable, at the first slice after the store is
     * known down.
     */
    @Test
    void calls_waiting_for_a_connection_when_the_server_is_killed_fail_without_waiting_out_the_pool()
            throws Exception {
        EmbeddedPostgres server = start(0);
        String url = server.getJdbcUrl("postgres", "postgres");
        CountDownLatch holding = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        try (PostgresStorage storage = PostgresStorage.open(url, "postgres", "postgres", 2);
             ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            storage.write((StoreTx tx) -> tx.events().append(new EventDraft("before", "", "", "{}"), 1));
            for (int i = 0; i < 2; i++) {
                callers.submit(() -> storage.write((StoreTx tx) -> {
                    tx.events().lastSeq();
                    holding.countDown();
                    await(release);
                    return tx.events().lastSeq();
                }));
            }
            assertThat(holding.await(30, TimeUnit.SECONDS)).as("both connections held").isTrue();
            List<Future<Throwable>> waiting = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                waiting.add(callers.submit(() -> {
                    try {
                        storage.write((StoreTx tx) -> tx.events().lastSeq());
                        return null;
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            // The two holders and the four waiting: killed before they are all in line, a late caller would meet a
            // server already down rather than wait at the pool, which is not the case this test is about.
            WriterLine.awaitLength(storage, 6);

            kill(server);
            long killed = System.nanoTime();
            try {
                for (Future<Throwable> call : waiting) {
                    assertThat(call.get(30, TimeUnit.SECONDS)).as("a waiting call, after the kill")
                            .isInstanceOf(DatabaseUnreachableException.class);
                }
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed))
                        .as("every waiting call left well inside the pool's 5 s connection timeout").isLessThan(4_000);
                assertThat(storage.isReachable()).isFalse();
            } finally {
                release.countDown();
            }
        } finally {
            try {
                server.close();
            } catch (java.io.IOException | RuntimeException alreadyDead) {
                // pg_ctl finds no server to stop
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL to the server's postmaster and every backend, as a crash or an OOM killer would. */
    private void kill(EmbeddedPostgres server) throws Exception {
        String pidLine = Files.readAllLines(data.resolve("postmaster.pid")).getFirst().strip();
        ProcessHandle postmaster = ProcessHandle.of(Long.parseLong(pidLine)).orElseThrow();
        List<ProcessHandle> backends = postmaster.descendants().toList();
        postmaster.destroyForcibly();
        backends.forEach(ProcessHandle::destroyForcibly);
        postmaster.onExit().get(30, TimeUnit.SECONDS);
        for (ProcessHandle backend : backends) {
            backend.onExit().get(30, TimeUnit.SECONDS);
        }
    }

    /** A server on this test's data folder (kept across restarts), on {@code port} or any free one when 0. */
    private EmbeddedPostgres start(int port) throws java.io.IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(data)
                .setCleanDataDirectory(false).setServerConfig("fsync", "off");
        if (port != 0) {
            builder.setPort(port);
        }
        return builder.start();
    }
}
