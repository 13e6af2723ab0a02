package org.pouw.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.SettableClock;
import org.pouw.core.id.Did;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobStatus;
import org.pouw.core.market.JobMarket;
import org.pouw.core.market.MarketObserver;
import org.pouw.core.market.MarketSettings;
import org.pouw.core.port.Storage;
import org.pouw.core.port.StoreTx;
import org.pouw.core.standing.Standing;
import org.pouw.core.work.WorkKinds;
import org.pouw.store.StorageConfig;
import org.pouw.store.StorageFactory;
import org.pouw.store.support.EchoKind;
import org.pouw.store.support.MarketBench;
import org.pouw.store.support.SampleJobs;

/**
 * Issue 18, defect 1: an honest worker through a database outage is not punished. Another process's connection
 * holds the SQLite file's write lock (the database is unusable for writes, as in an outage); the worker's renew
 * fails on the node's side, its lease runs out meanwhile, and once the database is back the lease is extended, not
 * reaped: the worker renews, submits, is paid, and collects no strike.
 */
class SqliteOutageGraceIT {
    @TempDir
    Path folder;

    @Test
    void a_lease_that_ran_out_while_the_database_refused_its_holder_costs_the_holder_nothing() throws Exception {
        SettableClock clock = new SettableClock(1_700_000_000_000L);
        MarketSettings settings = MarketSettings.defaults();
        Did honest = Did.of(SampleJobs.did("honest-through-outage"));
        // The refused renew waits out the busy timeout on each of its four tries: a quarter second each, not the
        // default 10 s (40 s of waiting for the same refusal).
        try (Storage storage = StorageFactory.open(StorageConfig.sqlite(folder).withSqliteBusyTimeoutMs(250))) {
            MarketBench bench = new MarketBench(storage, clock, new WorkKinds(List.of(new EchoKind())),
                    MarketObserver.NONE, settings);
            JobMarket market = bench.market();
            bench.fund(MarketBench.CLIENT, 10_000);
            bench.open(1, 100);
            Job first = market.claim(honest, "198.51.100.9", new ClaimRequest(List.of(), List.of(), 1, 0)).getFirst();
            market.submit(first.jobId(), honest, first.leaseToken(), EchoKind.proofFor(first.params()));
            bench.open(1, 100);
            Job held = market.claim(honest, "198.51.100.9", new ClaimRequest(List.of(), List.of(), 1, 0))
                    .getFirst();

            clock.set(held.leaseExpiresAtMs() - 100);
            try (Connection outage = DriverManager.getConnection("jdbc:sqlite:"
                    + folder.resolve(SqliteStorage.FILE_NAME)); Statement lock = outage.createStatement()) {
                lock.execute("BEGIN EXCLUSIVE");
                assertThatThrownBy(() -> market.renew(held.jobId(), honest, held.leaseToken(), 30_000))
                        .as("the node cannot write: the holder's renew is refused").isInstanceOf(RuntimeException.class);
                clock.set(held.leaseExpiresAtMs() + 1_000); // the lease ran out during the outage
                lock.execute("ROLLBACK");
            }

            market.reap(100);
            Job after = market.job(held.jobId()).orElseThrow();
            assertThat(after.status()).as("extended, not reaped").isEqualTo(JobStatus.IN_PROGRESS);
            assertThat(after.leaseExpiresAtMs()).isGreaterThan(clock.millis());
            market.renew(held.jobId(), honest, held.leaseToken(), 30_000);
            assertThat(market.submit(held.jobId(), honest, held.leaseToken(), EchoKind.proofFor(held.params()))
                    .verdict().accepted()).isTrue();

            assertThat(storage.read((StoreTx tx) -> tx.standing().strikesOfProver(honest.text(), 0))).isZero();
            assertThat(market.standing(honest.text()).standing()).isEqualTo(Standing.GOOD);
            assertThat(market.quarantinedProvers()).isZero();
        }
    }
}
