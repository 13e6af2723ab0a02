package org.pouw.cli.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.cli.CliProcess;
import org.pouw.crypto.Ed25519;

/**
 * Failure scenario 6 of docs/failures.md, database primary loss with fencing: two real PostgreSQL servers (Debian's
 * binaries), a primary and a <b>synchronous</b> streaming standby ({@code synchronous_standby_names = 'FIRST 1
 * (standby)'}, {@code synchronous_commit = on}, {@code wal_log_hints = on}; {@code sync_state = 'sync'} asserted
 * before each fault). Node A has a multi-host JDBC URL with {@code targetServerType=primary}; node S has only the
 * first primary's address, the node that "keeps talking to the old primary". The test plays the failover manager.
 *
 * <ol>
 *   <li>kill -9 of the primary under payments through A: the manager fences it (it may only come back as a
 *       standby) and promotes the standby; A's /readyz is 503 meanwhile and A pays again without a restart;</li>
 *   <li>the old primary returns fenced: pg_rewind, then a standby of the new primary. S, still pointed at it, pays
 *       nothing (503) and is not ready;</li>
 *   <li>a deliberate split-brain run: the old primary started writable without fencing. S's payment is acked there
 *       and the database of record never has it; the rewind that fences it again throws it away;</li>
 *   <li>SIGSTOP of the (new) primary under payments: the manager fences it by SIGKILL (a frozen host may wake) and
 *       promotes the other; the frozen one is rewound and rejoins;</li>
 *   <li>a negative control: asynchronous replication with the replication link frozen (the primary's walsender
 *       SIGSTOPped), payments acked, the primary killed, the standby promoted. The same check that finds nothing
 *       lost above must find these payments lost — so the check can fail.</li>
 * </ol>
 *
 * <p>Asserted after the synchronous faults: every acked payment is in the ledger of the new primary exactly once;
 * every in-doubt payment sent again with its key is then there exactly once; ledger entries are dense; A's answers
 * were only 200 or 503; {@code pouw ledger verify} passes. Reported: each fault's unavailability window (the fault
 * to the first payment acked after it) and the counts.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PrimaryLossFailoverIT {
    private static final String DATABASE = PostgresScenario.DATABASE;
    private static final int THREADS = 3;
    private static final int ACKS_PER_PHASE = 15;

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
    void aSynchronousStandbyPromotedBehindAFenceLosesNoAckedPayment() throws Exception {
        scenario = new PostgresScenario("primary loss", dir);
        PostgresScenario.SyncPair pair = scenario.primaryWithSyncStandby();
        PostgresHost one = pair.primary();
        PostgresHost two = pair.standby();

        Ed25519.KeyPair payer = scenario.payer();
        String payee = scenario.payee();
        String failoverUrl = "jdbc:postgresql://127.0.0.1:" + one.port() + ",127.0.0.1:" + two.port() + "/"
                + DATABASE + "?targetServerType=primary&connectTimeout=2&socketTimeout=5&loginTimeout=5"
                + "&hostRecheckSeconds=1";
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("a", failoverUrl);
        urls.put("s", PostgresScenario.url(one, 5));
        List<ScenarioNode> nodes = scenario.startNodes(urls);
        ScenarioNode a = nodes.get(0);
        ScenarioNode s = nodes.get(1);

        try (PaymentLoad load = new PaymentLoad(a.url(), payer, payee);
             PaymentLoad stale = new PaymentLoad(s.url(), payer, payee)) {
            // 1. kill -9 of the primary; the standby promoted behind a fence.
            Fault killed = underLoad(load, a, "kill", one::kill, () -> {
                // The manager's fence: the old primary's data now says "standby", so whatever restarts it brings
                // it back read-only; then the promotion.
                one.fenceAsStandby();
                two.promote();
            });
            int settledAfterKill = load.settleInDoubt(Duration.ofSeconds(60));
            Map<String, Integer> ledger = PaymentLoad.ledgerKeys(load.client());
            assertNothingLostOrTwice(load, ledger, "after the kill -9 failover");

            // 2. The old primary returns fenced: rewound onto the new timeline, a synchronous standby of pg2.
            one.rewindFrom(two);
            one.startStandbyOf(two, null);
            two.requireSyncStandby(one);
            await().atMost(Duration.ofSeconds(30)).until(() -> s.get("/readyz").status() == 503);
            boolean stalePaid = stale.pay("stale-1");
            assertThat(stalePaid).as("a node that still talks to the fenced old primary pays nothing").isFalse();
            assertThat(stale.statuses()).as("its refusal is a 503, not a 500").containsOnlyKeys(503);
            assertThat(PaymentLoad.ledgerKeys(load.client())).doesNotContainKey(stale.entryKey("stale-1"));

            // 3. Split brain, deliberately: the standby promoted while the primary runs (a manager without a
            // fence), so two hosts take writes, each on its own timeline.
            one.promote();
            await().atMost(Duration.ofSeconds(30)).until(() -> s.get("/readyz").status() == 200);
            assertThat(stale.pay("split-1")).as("without a fence the old primary takes a payment").isTrue();
            // Read from pg2 itself: A's multi-host URL may now reach either writable host, which is the harm.
            assertThat(two.ledgerEntries(stale.entryKey("split-1")))
                    .as("the acked split-brain payment is not in the database of record").isZero();
            one.kill();
            one.rewindFrom(two);
            one.startStandbyOf(two, null);
            two.requireSyncStandby(one);
            assertThat(countOnStandby(one, two, stale.entryKey("split-1")))
                    .as("the rewind that fenced the old primary again threw the split-brain payment away").isZero();

            // 4. SIGSTOP of the primary (now pg2): fenced by SIGKILL after a detection delay, pg1 promoted.
            Fault frozen = underLoad(load, a, "freeze", two::freeze, () -> {
                sleep(3_000); // the manager's detection time; A's calls to the frozen host hang meanwhile
                two.kill(); // STONITH: a frozen host may wake and take writes
                two.fenceAsStandby();
                one.promote();
            });
            int settledAfterFreeze = load.settleInDoubt(Duration.ofSeconds(60));
            ledger = PaymentLoad.ledgerKeys(load.client());
            assertNothingLostOrTwice(load, ledger, "after the SIGSTOP failover");
            two.rewindFrom(one);
            two.startStandbyOf(one, null);
            one.requireSyncStandby(two);
            assertThat(a.get("/readyz").status()).isEqualTo(200);
            assertThat(load.statuses()).as("A's answers through both faults").containsOnlyKeys(200, 503);

            // 5. Negative control: asynchronous, the replication link frozen, the primary lost.
            Set<String> before = load.ackedKeys();
            one.setSyncStandby(null);
            one.freezeWalSenderTo(two.name());
            for (int i = 1; i <= 5; i++) {
                assertThat(load.pay("async-" + i)).as("an asynchronous commit is acked at once").isTrue();
            }
            one.kill();
            two.promote();
            await().atMost(Duration.ofSeconds(60)).until(() -> a.get("/readyz").status() == 200);
            Set<String> asyncAcked = Set.of("async-1", "async-2", "async-3", "async-4", "async-5");
            ledger = PaymentLoad.ledgerKeys(load.client());
            Set<String> lost = load.lostOf(load.ackedKeys(), ledger);
            assertThat(lost).as("the same check finds the asynchronous standby's losses").isEqualTo(asyncAcked);
            assertThat(load.lostOf(before, ledger)).as("what the synchronous standby had is all there").isEmpty();

            System.out.printf("FAILOVER primary loss: kill -9 — %s; %d in doubt, each acked once when sent again."
                            + " SIGSTOP (3 s before the fence) — %s; %d in doubt. A's answers %s. The fenced old"
                            + " primary refused S's payment (503); unfenced it acked one the record never had,"
                            + " which its rewind threw away. Asynchronous control: %d of 5 acked payments lost%n",
                    killed, settledAfterKill, frozen, settledAfterFreeze, load.statuses(), lost.size());
        }
        CliProcess.Result verify = scenario.verifyLedger(failoverUrl);
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        scenario.passed();
    }

    /** One fault's figures: the unavailability window and what A's /readyz said meanwhile. */
    private record Fault(long windowMs, long ackedBefore, long ackedAfter, Map<Integer, Integer> readiness) {
        @Override
        public String toString() {
            return "unavailable " + windowMs + " ms (the fault to the first ack of a payment sent after it), "
                    + ackedBefore
                    + " acked before, " + ackedAfter + " after; /readyz answers meanwhile " + readiness;
        }
    }

    /**
     * Pays through {@code node} until {@link #ACKS_PER_PHASE} are acked, runs {@code fault}, then the failover
     * manager's {@code failover} (which ends with a promotion), and pays until as many more are acked after it. A's
     * /readyz is watched throughout and must have said 503 during the fault.
     */
    private Fault underLoad(PaymentLoad load, ScenarioNode node, String name, Runnable fault, Runnable failover)
            throws InterruptedException {
        int startedWith = load.acked();
        load.start(name, THREADS);
        await().atMost(Duration.ofSeconds(60)).until(() -> load.acked() >= startedWith + ACKS_PER_PHASE);
        long faultAt;
        long ackedBefore;
        long promotedAt;
        ReadinessWatch watch = ReadinessWatch.of(node);
        try {
            fault.run();
            faultAt = System.nanoTime();
            ackedBefore = load.acked() - startedWith;
            failover.run();
            promotedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(90)).until(() -> load.ackedAfter(promotedAt) >= ACKS_PER_PHASE);
            load.stop();
        } finally {
            watch.close();
        }
        Map<Integer, Integer> readiness = watch.statuses();
        long window = TimeUnit.NANOSECONDS.toMillis(load.firstAckSentAfter(faultAt) - faultAt);
        assertThat(readiness).as("A's /readyz during the " + name + " fault").containsKey(503);
        return new Fault(window, ackedBefore, load.ackedAfter(promotedAt), readiness);
    }

    private static void assertNothingLostOrTwice(PaymentLoad load, Map<String, Integer> ledger, String when) {
        assertThat(load.lostOf(load.ackedKeys(), ledger)).as("acked payments missing " + when).isEmpty();
        for (String key : load.ackedKeys()) {
            assertThat(ledger.get(load.entryKey(key))).as("payment " + key + " in the ledger " + when).isEqualTo(1);
        }
        assertThat(ledger.values()).as("no entry key twice").allMatch(count -> count == 1);
    }

    /** How often {@code entryKey} is in {@code standby}'s ledger once it has replayed all {@code primary} has. */
    private static long countOnStandby(PostgresHost standby, PostgresHost primary, String entryKey)
            throws SQLException {
        String target;
        try (Connection connection = primary.connect(DATABASE); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT pg_current_wal_lsn()::text")) {
            row.next();
            target = row.getString(1);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (Connection connection = standby.connect(DATABASE);
                 Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT pg_last_wal_replay_lsn() >= '" + target
                         + "'::pg_lsn")) {
                return row.next() && row.getBoolean(1);
            }
        });
        return standby.ledgerEntries(entryKey);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
