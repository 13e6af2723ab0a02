package org.pouw.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.core.id.Did;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobStatus;
import org.pouw.core.market.JobMarket;
import org.pouw.store.support.EmbeddedPostgresServer;
import org.pouw.store.support.MarketBench;
import org.pouw.store.support.SampleJobs;

/**
 * V16 (issue 26, item 3): the claim reads a partial index of the pending jobs only, and the index over every job's
 * status is gone, so a settlement no longer moves an index entry that only claims need. V18 (issue 27, item 2) keeps
 * the index partial and orders it as the claim now does: best-paying, then earliest deadline, then oldest. V36
 * (issue 29) brought (status, created_seq) back for the jobs list; the claim does not read it.
 */
class PostgresClaimIndexIT {
    @Test
    void the_claim_index_holds_pending_jobs_only_and_the_claim_reads_it() throws SQLException {
        String url = EmbeddedPostgresServer.freshDatabase();
        try (PostgresStorage storage = PostgresStorage.open(url, "postgres", "postgres", 4)) {
            MarketBench bench = new MarketBench(storage, new SettableClock(1_700_000_000_000L));
            bench.fund(MarketBench.CLIENT, 10_000_000);
            JobMarket market = bench.market();
            for (int i = 0; i < 20; i++) {
                bench.open(100, 100_000);
            }
            Did prover = Did.of(SampleJobs.did("index-prover"));
            List<Job> claimed = new ArrayList<>();
            claimed.addAll(market.claim(prover, new ClaimRequest(List.of(), List.of(), 10, 0)));
            try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
                 Statement statement = connection.createStatement()) {
                try (ResultSet indexes = statement.executeQuery(
                        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'jobs'")) {
                    List<String> names = new ArrayList<>();
                    while (indexes.next()) {
                        names.add(indexes.getString(1));
                        if (indexes.getString(1).equals("jobs_pending_by_pay")) {
                            assertThat(indexes.getString(2)).contains("(reward_budget DESC, deadline_ms, created_seq)")
                                    .contains("WHERE (status = 'pending'::text)");
                        }
                    }
                    // jobs_by_status_seq is back since V36 (issue 29) for the jobs list's status pages; the claim
                    // still reads jobs_pending_by_pay (the plan below).
                    assertThat(names).contains("jobs_pending_by_pay").doesNotContain("jobs_pending_by_seq");
                }
                statement.execute("ANALYZE jobs");
                // A deep queue (1,990 pending): the first few are read off the index in order, not sorted from all.
                try (ResultSet entries = statement.executeQuery("SELECT count(*) FROM jobs WHERE status = 'pending'")) {
                    entries.next();
                    assertThat(entries.getLong(1)).isEqualTo(1_990);
                }
                StringBuilder plan = new StringBuilder();
                try (ResultSet rows = statement.executeQuery("EXPLAIN SELECT job_id FROM jobs WHERE status ="
                        + " 'pending' AND deadline_ms > 0 ORDER BY reward_budget DESC, deadline_ms, created_seq LIMIT 5"
                        + " FOR UPDATE SKIP LOCKED")) {
                    while (rows.next()) {
                        plan.append(rows.getString(1)).append('\n');
                    }
                }
                assertThat(plan.toString()).contains("jobs_pending_by_pay").doesNotContain("Sort");
            }
            // And among jobs that pay the same, the claims still come oldest first from what is left.
            List<Job> rest = market.claim(prover, new ClaimRequest(List.of(), List.of(), 50, 0));
            assertThat(rest).hasSize(50);
            assertThat(rest).allSatisfy(job -> assertThat(job.status()).isEqualTo(JobStatus.IN_PROGRESS));
            assertThat(rest.getFirst().createdSeq()).isEqualTo(claimed.getLast().createdSeq() + 1);
        }
    }
}
