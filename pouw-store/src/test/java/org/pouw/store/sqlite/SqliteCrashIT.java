package org.pouw.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.SettableClock;
import org.pouw.core.job.JobStatus;
import org.pouw.core.job.QueueStats;
import org.pouw.core.ledger.LedgerAudit;
import org.pouw.core.market.ReapReport;
import org.pouw.core.port.Storage;
import org.pouw.core.port.StoreTx;
import org.pouw.store.support.MarketBench;
import org.pouw.store.support.SqliteTestDatabase;

/**
 * Issue 2: a kill -9 of the node under load, then a restart, loses no job, no ledger entry and no event, and leases
 * that were held come back after their expiry. A child JVM settles jobs on an SQLite file and is killed without
 * warning mid-stream; the reopened file must hold everything acknowledged and balance.
 */
class SqliteCrashIT {
    @TempDir
    Path folder;

    @Test
    void a_killed_process_loses_nothing_it_acknowledged() throws Exception {
        Process victim = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashVictim.class.getName(), folder.toString())
                .redirectErrorStream(true).start();
        long acknowledged = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(victim.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while (acknowledged < 100 && (line = out.readLine()) != null) {
                if (line.startsWith("settled ")) {
                    acknowledged = Long.parseLong(line.substring("settled ".length()));
                }
            }
            victim.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no final checkpoint
            assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged).as("the victim settled jobs before it was killed").isEqualTo(100);

        try (Storage storage = new SqliteTestDatabase(folder).open()) {
            QueueStats stats = storage.read((StoreTx tx) -> tx.jobs().stats());
            assertThat(stats.completedCount()).isGreaterThanOrEqualTo(acknowledged);
            assertThat(new LedgerAudit(storage).run().problems()).isEmpty();
            long lastEvent = storage.read((StoreTx tx) -> tx.events().lastSeq());
            assertThat(storage.read((StoreTx tx) -> tx.events().after(0, Integer.MAX_VALUE)))
                    .hasSize((int) lastEvent);

            // Jobs whose lease was held when the process died come back once the lease runs out.
            SettableClock clock = new SettableClock(CrashVictim.NOW + MarketBench.SETTINGS.defaultLeaseMs() + 1);
            ReapReport reaped = new MarketBench(storage, clock).market().reap(10_000);
            assertThat(reaped.leasesExpired()).isEqualTo((int) stats.inProgressCount());
            assertThat(storage.read((StoreTx tx) -> tx.jobs().stats()).count(JobStatus.IN_PROGRESS)).isZero();
            assertThat(new LedgerAudit(storage).run().problems()).isEmpty();
        }
    }
}
