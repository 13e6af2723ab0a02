package org.pouw.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.HolderClaim;
import org.pouw.core.job.Job;
import org.pouw.core.job.WorkerCapacity;
import org.pouw.store.jdbc.SqlSession;
import org.pouw.store.support.EmbeddedPostgresServer;
import org.pouw.store.support.MarketBench;
import org.pouw.store.support.SampleJobs;

/**
 * Issue 26: a claim reads a few buffers however stale the planner's statistics are. A market's queue fills and
 * drains faster than autovacuum analyzes it, and a fresh database has no statistics at all until its first
 * autoanalyze (in a MarketLoad run, its first 20 s). Planned from default estimates (a handful of pending rows), the
 * single claim's statement scanned every pending job by bitmap, ran the failed-twice check on each and sorted them,
 * to lock one: during a drain on PostgreSQL 15 with 15,000 jobs waiting, 16,600-31,700 buffers and 85-120 ms a call
 * (auto_explain). The count here is the transaction's own (pg_stat_get_xact_blocks_fetched over the tables the
 * claim reads and their indexes), so it does not depend on timing: 4,198 buffers before, 46 now.
 */
class PostgresClaimOnStaleStatisticsIT {
    private static final int WAITING = 2_000;
    /** The best plan reads a few index pages, the job's heap page and its attempts' index: tens of buffers. */
    private static final long MOST_BUFFERS = 200;
    private static final String BUFFERS = """
            SELECT sum(pg_stat_get_xact_blocks_fetched(c.oid)) FROM pg_class AS c
            WHERE c.relname IN ('jobs', 'attempts')
               OR c.oid IN (SELECT indexrelid FROM pg_index
                            WHERE indrelid IN ('jobs'::regclass, 'attempts'::regclass))""";

    @Test
    void a_single_claim_reads_by_index_on_a_table_never_analyzed() throws SQLException {
        String url = EmbeddedPostgresServer.freshDatabase();
        try (PostgresStorage storage = PostgresStorage.open(url, "postgres", "postgres", 4)) {
            SettableClock clock = new SettableClock(1_700_000_000_000L);
            MarketBench bench = new MarketBench(storage, clock);
            noStatistics(url);
            bench.fund(MarketBench.CLIENT, 100_000_000);
            for (int i = 0; i < WAITING / 100; i++) {
                bench.open(100, 100_000);
            }
            String holder = SampleJobs.did("late-prover");
            // as the node admits a claim: paced (issue 27), which adds the time filter the planner cannot estimate
            ClaimRequest one = new ClaimRequest(List.of(), List.of(), 1, 60_000, false, 0,
                    WorkerCapacity.UNDECLARED.atPace(1_000));

            Claimed single = storage.writeSqlWithViews((sql, tx) -> {
                long before = buffers(sql);
                List<Job> jobs = tx.jobs().claim(one, holder, clock.millis(), () -> UUID.randomUUID().toString());
                return new Claimed(jobs, buffers(sql) - before);
            });
            Claimed grouped = storage.writeSqlWithViews((sql, tx) -> {
                long before = buffers(sql);
                List<HolderClaim> two = List.of(new HolderClaim(holder, one), new HolderClaim(holder, one));
                List<Job> jobs = tx.jobs().claimEach(two, clock.millis(), () -> UUID.randomUUID().toString())
                        .stream().flatMap(List::stream).toList();
                return new Claimed(jobs, buffers(sql) - before);
            });

            assertThat(single.jobs()).hasSize(1);
            assertThat(grouped.jobs()).hasSize(2);
            assertThat(single.buffers()).as("buffers read by a single claim, %,d jobs waiting", WAITING)
                    .isLessThan(MOST_BUFFERS);
            assertThat(grouped.buffers()).as("buffers read by a group of two claims").isLessThan(MOST_BUFFERS);
        }
    }

    /** As a fresh database has them: none yet, and no autovacuum to gather them while the test runs. */
    private static void noStatistics(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
             Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE jobs SET (autovacuum_enabled = false)");
            statement.execute("ALTER TABLE attempts SET (autovacuum_enabled = false)");
        }
    }

    private static long buffers(SqlSession sql) {
        return sql.longValue(BUFFERS, 0);
    }

    private record Claimed(List<Job> jobs, long buffers) {
    }
}
