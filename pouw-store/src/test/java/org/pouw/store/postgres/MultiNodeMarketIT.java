package org.pouw.store.postgres;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.core.port.Storage;
import org.pouw.store.support.MarketBench;
import org.pouw.store.support.MarketDrain;
import org.pouw.store.support.PostgresTestDatabase;

/**
 * Issue 2, item 10: several node processes on one PostgreSQL serve one market. Two nodes (two JobMarkets, each on
 * its own PostgresStorage and connection pools) and sixteen workers drain three thousand jobs; no job may be claimed
 * by two holders, completed twice or paid twice, every intent ends proven and the books balance.
 */
class MultiNodeMarketIT {
    private static final int INTENTS = 30;
    private static final int JOBS_PER_INTENT = 100;
    private static final long FEE_PER_JOB = 1_000;

    @Test
    void two_nodes_and_sixteen_workers_drain_three_thousand_jobs_each_settled_once() throws Exception {
        PostgresTestDatabase database = new PostgresTestDatabase(8);
        SettableClock clock = new SettableClock(1_700_000_000_000L);
        try (Storage first = database.open(); Storage second = database.open()) {
            MarketBench one = new MarketBench(first, clock);
            MarketBench two = new MarketBench(second, clock);
            one.fund(MarketBench.CLIENT, INTENTS * JOBS_PER_INTENT * FEE_PER_JOB);
            for (int i = 0; i < INTENTS; i++) {
                (i % 2 == 0 ? one : two).open(JOBS_PER_INTENT, JOBS_PER_INTENT * FEE_PER_JOB);
            }

            MarketDrain drain = new MarketDrain(List.of(one.market(), two.market()), 16, 4);
            double perSecond = drain.drain();
            System.out.printf("two PostgreSQL nodes, 16 workers: %.0f completed jobs/s%n", perSecond);

            drain.assertSettledExactlyOnce(first, INTENTS * JOBS_PER_INTENT,
                    MarketBench.SETTINGS.rewardFor(FEE_PER_JOB));
        }
    }
}
