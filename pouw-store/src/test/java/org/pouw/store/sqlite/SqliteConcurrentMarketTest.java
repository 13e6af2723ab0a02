package org.pouw.store.sqlite;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.SettableClock;
import org.pouw.core.port.Storage;
import org.pouw.store.support.MarketBench;
import org.pouw.store.support.MarketDrain;
import org.pouw.store.support.SqliteTestDatabase;

/** Sixteen workers drain three thousand jobs through one node on the embedded SQLite store, each settled once. */
class SqliteConcurrentMarketTest {
    private static final int INTENTS = 30;
    private static final int JOBS_PER_INTENT = 100;
    private static final long FEE_PER_JOB = 1_000;

    @TempDir
    Path folder;

    @Test
    void sixteen_workers_drain_three_thousand_jobs_each_settled_once() throws Exception {
        SettableClock clock = new SettableClock(1_700_000_000_000L);
        try (Storage storage = new SqliteTestDatabase(folder).open()) {
            MarketBench bench = new MarketBench(storage, clock);
            bench.fund(MarketBench.CLIENT, INTENTS * JOBS_PER_INTENT * FEE_PER_JOB);
            for (int i = 0; i < INTENTS; i++) {
                bench.open(JOBS_PER_INTENT, JOBS_PER_INTENT * FEE_PER_JOB);
            }

            MarketDrain drain = new MarketDrain(List.of(bench.market()), 16, 4);
            double perSecond = drain.drain();
            System.out.printf("SQLite, 16 workers: %.0f completed jobs/s%n", perSecond);

            drain.assertSettledExactlyOnce(storage, INTENTS * JOBS_PER_INTENT,
                    MarketBench.SETTINGS.rewardFor(FEE_PER_JOB));
        }
    }
}
