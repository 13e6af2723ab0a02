package org.pouw.cli.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.pouw.cli.failover.PostgresScenario.DATABASE;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.cli.CliProcess;
import org.pouw.client.PouwClient;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;

/**
 * Issue 24's ground rule for a COMMIT whose synchronous-replication wait is cancelled: PostgreSQL answers such a
 * COMMIT with success and the warning "canceling wait for synchronous replication … The transaction has already
 * committed locally, but might not have been replicated to the standby". A node that took that for success would
 * acknowledge a write a failover could lose. A primary and its synchronous standby (Debian's PostgreSQL, as in
 * {@link PrimaryLossFailoverIT}); the standby frozen (SIGSTOP), so a transfer's COMMIT waits for it; the wait
 * cancelled the way an operator or a pooler would ({@code pg_cancel_backend} of every backend waiting on
 * {@code SyncRep}). Asserted: the call is answered 503 {@code commit_in_doubt} (in doubt, never acked), the
 * transfer is in the primary's ledger once, and (the standby thawed and synchronous again) the transfer sent again
 * with its idempotency key is acked and still in the ledger once; {@code pouw ledger verify} passes.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SyncWaitCancelledFailoverIT {
    @TempDir
    Path dir;

    private PostgresScenario scenario;

    @AfterEach
    void stop() {
        if (scenario != null) {
            scenario.close();
        }
    }

    @Test
    void aCommitWhoseStandbyWaitIsCancelledIsAnsweredInDoubtAndAppliedOnceWhenSentAgain() throws Exception {
        scenario = new PostgresScenario("sync wait cancelled", dir);
        PostgresScenario.SyncPair pair = scenario.primaryWithSyncStandby();
        PostgresHost one = pair.primary();
        PostgresHost two = pair.standby();
        // Reads wait up to a minute: the COMMIT waits for the frozen standby until the test cancels the wait.
        String url = PostgresScenario.url(one, 60);
        ScenarioNode a = scenario.startNodes(Map.of("a", url)).getFirst();
        Ed25519.KeyPair payer = scenario.payer();
        String payee = scenario.payee();
        String entryKey = "transfer:" + payer.did() + ":cancelled-wait";

        try (PouwClient client = new PouwClient(URI.create(a.url()), payer, Duration.ofSeconds(90),
                Clock.system())) {
            assertThat(CallOutcome.of(() -> client.ledger().transfer(payee, 5, "before")).kind())
                    .as("a transfer with the standby up").isEqualTo(CallOutcome.Kind.ACKED);

            two.freeze();
            CompletableFuture<CallOutcome> transfer = CompletableFuture.supplyAsync(
                    () -> CallOutcome.of(() -> client.ledger().transfer(payee, 7, "cancelled-wait")));
            AtomicInteger cancelled = new AtomicInteger();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                cancelled.addAndGet(cancelSyncWaits(one));
                return transfer.isDone();
            });
            CallOutcome first = transfer.get();
            assertThat(first.status()).as("the cancelled wait's answer: " + first).isEqualTo(503);
            assertThat(first.code()).isEqualTo("commit_in_doubt");
            assertThat(first.inDoubt()).as("in doubt, never acked").isTrue();
            assertThat(one.ledgerEntries(entryKey)).as("committed on the primary").isEqualTo(1);

            two.thaw();
            one.requireSyncStandby(two);
            CallOutcome again = CallOutcome.of(() -> client.ledger().transfer(payee, 7, "cancelled-wait"));
            assertThat(again.kind()).as("sent again with its key: " + again).isEqualTo(CallOutcome.Kind.ACKED);
            assertThat(one.ledgerEntries(entryKey)).as("applied once").isEqualTo(1);
            assertThat(client.ledger().account(payee, 0).balance()).isEqualTo(5 + 7);
            System.out.println("FAILOVER sync wait cancelled: the transfer's COMMIT waited for the frozen standby, "
                    + cancelled.get() + " waits cancelled; answered " + first.status() + " " + first.code()
                    + " (in doubt), in the primary's ledger once; sent again after the thaw: acked, still once");
        }
        CliProcess.Result verify = scenario.verifyLedger(url);
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        scenario.passed();
    }

    /** Cancels every backend of the pouw database waiting for the synchronous standby; how many. */
    private static int cancelSyncWaits(PostgresHost primary) throws SQLException {
        try (Connection admin = primary.connect("postgres"); Statement statement = admin.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FILTER (WHERE pg_cancel_backend(pid))"
                     + " FROM pg_stat_activity WHERE wait_event = 'SyncRep' AND datname = '" + DATABASE + "'")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
