package org.pouw.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pouw.core.event.EventDraft;
import org.pouw.core.id.JobId;
import org.pouw.core.port.Storage;
import org.pouw.core.port.StoreTx;
import org.pouw.store.support.PostgresTestDatabase;
import org.pouw.store.support.SampleJobs;

/** What PostgreSQL's transaction runner does when the server aborts a transaction or drops its connections. */
class PostgresFailureRecoveryIT {
    private PostgresTestDatabase database;
    private Storage storage;

    @BeforeEach
    void open() {
        database = PostgresTestDatabase.forTestClass(getClass());
        storage = database.open();
    }

    @AfterEach
    void close() {
        storage.close();
    }

    /**
     * Two transactions lock two jobs in opposite orders; the server breaks the cycle by aborting one (SQLSTATE
     * 40P01). The loser is run again, from the start, and both commit.
     */
    @Test
    void a_deadlock_victim_is_run_again_and_both_transactions_commit() throws Exception {
        JobId first = SampleJobs.pending(1, 9_999).jobId();
        JobId second = SampleJobs.pending(2, 9_999).jobId();
        storage.write((StoreTx tx) -> {
            tx.jobs().insert(SampleJobs.pending(1, 9_999));
            tx.jobs().insert(SampleJobs.pending(2, 9_999));
            return null;
        });
        CountDownLatch bothHoldOne = new CountDownLatch(2);
        AtomicInteger runs = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> one = pool.submit(() -> lockBoth(first, second, bothHoldOne, runs));
            Future<?> two = pool.submit(() -> lockBoth(second, first, bothHoldOne, runs));
            one.get(30, TimeUnit.SECONDS);
            two.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(runs).as("one of the two ran twice").hasValue(3);
        assertThat(storage.read((StoreTx tx) -> tx.events().lastSeq())).isEqualTo(2);
    }

    private Object lockBoth(JobId a, JobId b, CountDownLatch bothHoldOne, AtomicInteger runs) {
        return storage.write((StoreTx tx) -> {
            runs.incrementAndGet();
            tx.jobs().findForUpdate(a);
            if (bothHoldOne.getCount() > 0) {
                bothHoldOne.countDown();
                await(bothHoldOne);
            }
            tx.jobs().findForUpdate(b);
            return tx.events().append(new EventDraft("locked", a.hex(), "", "{}"), 1);
        });
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The server drops every connection (a restart, a failover): the next transactions run on fresh ones. */
    @Test
    void transactions_after_the_server_dropped_every_connection_run_on_fresh_ones() {
        for (int i = 0; i < 4; i++) {
            storage.write((StoreTx tx) -> tx.events().append(new EventDraft("before", "", "", "{}"), 1));
            storage.read((StoreTx tx) -> tx.events().lastSeq());
        }
        database.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                + "WHERE datname = current_database() AND pid <> pg_backend_pid()");

        for (int i = 0; i < 4; i++) {
            storage.write((StoreTx tx) -> tx.events().append(new EventDraft("after", "", "", "{}"), 2));
        }
        assertThat(storage.read((StoreTx tx) -> tx.events().lastSeq())).isEqualTo(8);
        assertThat(storage.isReachable()).isTrue();
    }
}
