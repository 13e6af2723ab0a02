package org.pouw.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.core.id.Did;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.market.JobMarket;
import org.pouw.store.support.EmbeddedPostgresServer;
import org.pouw.store.support.MarketBench;
import org.pouw.store.support.SampleJobs;

/**
 * Issue 26: two claim groups in flight touch the same claimers' rows, and the second must not wait for the first's
 * commit. The touch skipped a held row, then offered it to its INSERT … ON CONFLICT, whose unique check waited for the
 * holder all the same: the second group's statements stood still through the first group's fsync. Here another
 * transaction holds a claimer's row (as a group in flight does) and the claimer's next claim must be served while it
 * still does.
 */
class ClaimTouchWaitsForNoGroupIT {
    @Test
    void a_claim_is_served_while_another_transaction_holds_the_claimers_row() throws Exception {
        String url = EmbeddedPostgresServer.freshDatabase();
        SettableClock clock = new SettableClock(1_700_000_000_000L);
        try (PostgresStorage storage = PostgresStorage.open(url, "postgres", "postgres", 4)) {
            MarketBench bench = new MarketBench(storage, clock);
            bench.fund(MarketBench.CLIENT, 10_000_000);
            bench.open(10, 100_000);
            JobMarket market = bench.market();
            Did prover = Did.of(SampleJobs.did("touch-prover"));
            ClaimRequest one = new ClaimRequest(List.of(), List.of(), 1, 0);
            assertThat(market.claim(prover, one)).hasSize(1); // registers the prover's row
            clock.advance(1_000);
            try (Connection group = DriverManager.getConnection(url, "postgres", "postgres")) {
                group.setAutoCommit(false);
                try (PreparedStatement touch = group.prepareStatement(
                        "UPDATE provers SET last_seen_ms = last_seen_ms + 1 WHERE prover_id = ?")) {
                    touch.setString(1, prover.text());
                    assertThat(touch.executeUpdate()).isEqualTo(1); // held until this transaction ends
                }
                CompletableFuture<List<Job>> next = CompletableFuture.supplyAsync(() -> market.claim(prover, one));
                try {
                    assertThat(next.get(20, TimeUnit.SECONDS)).hasSize(1);
                } finally {
                    group.rollback();
                }
            }
        }
    }
}
