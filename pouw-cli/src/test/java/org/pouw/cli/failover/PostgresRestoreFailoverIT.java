package org.pouw.cli.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.cli.CliProcess;
import org.pouw.client.ledger.NodeLedgerEntry;
import org.pouw.crypto.Ed25519;
import org.pouw.store.DatabaseUnreachableException;
import org.pouw.store.postgres.PostgresRestoreReadiness;
import tools.jackson.databind.json.JsonMapper;

/**
 * Failure scenario 6 of docs/failures.md on PostgreSQL: a base backup taken under load and restored with
 * point-in-time recovery, then {@code pouw restore}'s PostgreSQL step. Real Debian PostgreSQL 15 tools, the server run
 * as a non-root user: the primary archives its WAL ({@code archive_mode = on}); {@code pg_basebackup} copies it while
 * a client pays through a node process, and {@code pg_verifybackup} checks the copy (and refuses a damaged one); more
 * payments, a receipt redeemed for a token, a named restore point ({@code pg_create_restore_point}), then payments
 * and another redeemed receipt after it; the primary is then lost (kill -9). The copy is started with
 * {@code restore_command} replaying the archive to the restore point.
 *
 * <p>Asserted: every payment acked before the backup ended, and every one acked before the restore point was made,
 * is in the recovered ledger once; none sent after the point is; the recovered head is the live chain's entry at
 * that number. The control: a node started on the recovered database <b>without</b> {@code pouw restore} sells a
 * second token for a receipt redeemed after the restore point — the replay the restore epoch exists to refuse. Then
 * {@code pouw restore} is refused while that node is connected (exit 1 {@code node_running}, the epoch unchanged);
 * run with every node stopped it gives the database a new restore epoch, and the node started on it shows that
 * epoch, refuses all three redeemed receipts (before the backup, before the point, after it) as
 * {@code unknown_challenge}, sells a fresh one's token, and pays again;
 * {@code pouw ledger verify} passes. Reported: the base backup's time and size, the payments, the recovery's time.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PostgresRestoreFailoverIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DATABASE = PostgresScenario.DATABASE;
    private static final String RESTORE_POINT = "pouw-it-before-loss";

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
    void aBaseBackupRecoveredToARestorePointKeepsEveryAckAndTheRestoreEpochRefusesReplays() throws Exception {
        scenario = new PostgresScenario("postgres restore", dir);
        Path archive = PostgresHost.serverFolder(scenario.hostsFolder(), "wal-archive");
        PostgresHost primary = scenario.add(PostgresHost.init(scenario.hostsFolder(), "pg1"));
        primary.archiveTo(archive);
        primary.startPrimary(null);
        primary.createDatabase(DATABASE);
        Ed25519.KeyPair payer = scenario.payer();
        String payee = scenario.payee();
        ScenarioNode live = startNode(primary);

        PostgresHost copy;
        Set<String> ackedBeforeBackupEnd;
        Set<String> ackedBeforePoint;
        List<String> afterPoint = new ArrayList<>();
        String redeemedBefore;
        String redeemedAfter;
        String redeemedLost;
        List<NodeLedgerEntry> liveChain;
        Map<Integer, Integer> statuses;
        try (PaymentLoad load = new PaymentLoad(live.url(), payer, payee)) {
            load.start("load", 3);
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acked() >= 20);
            redeemedBefore = SignedTokenRequests.buyToken(live, payer);

            // The base backup, while three threads pay.
            copy = PostgresHost.baseBackupOf(scenario.hostsFolder(), "pg1-restored", primary);
            ackedBeforeBackupEnd = load.ackedKeys();
            copy.verifyBackup();
            assertDamagedCopyRefused(copy);

            int acked = load.acked();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acked() >= acked + 20);
            redeemedAfter = SignedTokenRequests.buyToken(live, payer);
            ackedBeforePoint = load.ackedKeys();
            try (Connection connection = primary.connect(DATABASE);
                 Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_create_restore_point('" + RESTORE_POINT + "')");
            }
            load.stop();
            statuses = load.statuses();
            // Payments sent after the restore point was made: recovery to the point must not have them.
            for (int i = 0; i < 5; i++) {
                String key = "after-point-" + i;
                assertThat(load.pay(key)).as("the primary still takes payments").isTrue();
                afterPoint.add(key);
            }
            redeemedLost = SignedTokenRequests.buyToken(live, payer);
            liveChain = LiveLedger.entries(live);
            archiveEverything(primary, archive);
        }
        assertThat(statuses).as("the node's answers under the backup").containsOnlyKeys(200);

        // The primary's disk is lost; its node stops with it.
        scenario.stopNode(live);
        primary.kill();

        long recoveryStarted = System.nanoTime();
        scenario.add(copy);
        copy.startRecoveringTo(archive, RESTORE_POINT);
        await().atMost(Duration.ofSeconds(120)).until(() -> !inRecovery(copy));
        long recoveryMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - recoveryStarted);

        // The control: a node on the recovered database before 'pouw restore' sells a second token.
        ScenarioNode unrotated = startNode(copy);
        Map<String, Integer> recovered;
        PaymentLoad reader = new PaymentLoad(unrotated.url(), payer, payee);
        try (reader) {
            recovered = PaymentLoad.ledgerKeys(reader.client());
        }
        for (String key : ackedBeforeBackupEnd) {
            assertThat(recovered.get(reader.entryKey(key))).as("a payment acked before the backup ended: " + key)
                    .isEqualTo(1);
        }
        for (String key : ackedBeforePoint) {
            assertThat(recovered.get(reader.entryKey(key))).as("a payment acked before the restore point: " + key)
                    .isEqualTo(1);
        }
        for (String key : afterPoint) {
            assertThat(recovered).as("a payment sent after the restore point").doesNotContainKey(reader.entryKey(key));
        }
        List<NodeLedgerEntry> back = LiveLedger.entries(unrotated);
        assertThat(back.size()).as("the recovered ledger ends inside the live one").isLessThan(liveChain.size());
        assertThat(back.getLast().hash()).as("the recovered head is the live chain's entry " + back.size())
                .isEqualTo(liveChain.get(back.size() - 1).hash());
        ScenarioNode.Reply kept = unrotated.post("/v1/tokens", redeemedAfter, Map.of());
        assertThat(kept.status()).as("a redemption before the restore point was recovered: " + kept.body())
                .isEqualTo(409);
        ScenarioNode.Reply replayed = unrotated.post("/v1/tokens", redeemedLost, Map.of());
        assertThat(replayed.status()).as("without a new restore epoch a receipt redeemed after the restore point"
                + " buys a second token: " + replayed.body()).isEqualTo(200);

        // 'pouw restore' refuses while a node is connected, and changes nothing.
        CliProcess.Result whileRunning = restore(copy);
        assertThat(whileRunning.exit()).as(whileRunning.out() + whileRunning.err()).isEqualTo(1);
        assertThat(JSON.readTree(whileRunning.out()).path("error").path("code").asString()).isEqualTo("node_running");
        assertThat(epochOf(copy)).as("a refused restore leaves the epoch as it was").isZero();
        scenario.stopNode(unrotated);
        await().atMost(Duration.ofSeconds(30)).until(() -> readiness(copy).nodeConnections() == 0);

        CliProcess.Result restored = restore(copy);
        assertThat(restored.exit()).as(restored.out() + restored.err()).isZero();
        String epoch = JSON.readTree(restored.out()).path("restore_epoch").asString();
        assertThat(epoch).matches("[0-9a-f]{16}");
        assertThat(String.format("%016x", epochOf(copy))).isEqualTo(epoch);

        ScenarioNode node = startNode(copy);
        assertThat(JSON.readTree(node.get("/v1/pouw/system/status").body()).path("restore_epoch").asString())
                .isEqualTo(epoch);
        for (String request : List.of(redeemedBefore, redeemedAfter, redeemedLost)) {
            ScenarioNode.Reply replay = node.post("/v1/tokens", request, Map.of());
            assertThat(replay.status()).as("after the restore a redeemed receipt buys nothing: " + replay.body())
                    .isEqualTo(422);
            assertThat(JSON.readTree(replay.body()).path("error").path("code").asString())
                    .isEqualTo("unknown_challenge");
        }
        assertThat(SignedTokenRequests.buyToken(node, payer)).as("a fresh challenge's receipt still buys its token")
                .isNotEmpty();
        try (PaymentLoad again = new PaymentLoad(node.url(), payer, payee)) {
            assertThat(again.pay("after-restore-1")).as("the restored node pays").isTrue();
        }
        scenario.stopNode(node);
        CliProcess.Result verify = scenario.verifyLedger(PostgresScenario.url(copy));
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();

        System.out.printf("FAILOVER postgres restore: pg_basebackup under load in %d ms (%d bytes of data folder),"
                        + " pg_verifybackup passed and refused a damaged copy; %d payments acked before the backup"
                        + " ended and %d before the restore point, all recovered once; %d sent after the point"
                        + " absent; recovered ledger to entry %d of %d live; recovery to the point took %d ms;"
                        + " without the new epoch a redeemed receipt bought a second token (the control), with"
                        + " it (%s) all three redeemed receipts were refused%n", copy.baseBackupMillis(),
                folderBytes(copy.dataDir()),
                ackedBeforeBackupEnd.size(), ackedBeforePoint.size(), afterPoint.size(), back.size(),
                liveChain.size(), recoveryMs, epoch);
        scenario.passed();
    }

    /** pg_verifybackup must be able to fail: a copy of the backup with one byte of a data file changed is refused. */
    private void assertDamagedCopyRefused(PostgresHost copy) throws Exception {
        // Done on the real copy and undone: a second copy of the folder would double the test's disk use.
        Path file = copy.dataDir().resolve("PG_VERSION");
        byte[] original = java.nio.file.Files.readAllBytes(file);
        byte[] damaged = original.clone();
        damaged[0] ^= 1;
        java.nio.file.Files.write(file, damaged);
        try {
            copy.verifyBackup();
            throw new AssertionError("pg_verifybackup passed a backup with a damaged file");
        } catch (IllegalStateException refused) {
            assertThat(refused.getMessage()).as("pg_verifybackup names the damaged file").contains("PG_VERSION");
        } finally {
            java.nio.file.Files.write(file, original);
        }
        copy.verifyBackup();
    }

    private ScenarioNode startNode(PostgresHost host) {
        return scenario.startNode("a", scenario.nodeSettings(PostgresScenario.url(host),
                "gate.hashcash_bits", "1", "gate.max_hashcash_bits", "1",
                // long enough that a challenge redeemed before the loss is still live after the recovery, so the
                // replay is refused by the restore epoch and not by the challenge's age
                "gate.challenge_ttl_ms", "600000"));
    }

    private CliProcess.Result restore(PostgresHost host) {
        return scenario.operatorCommand(PostgresScenario.url(host), "restore", "--json");
    }

    /** Switches to a new WAL segment and waits until the archiver has copied the one holding everything so far. */
    private static void archiveEverything(PostgresHost primary, Path archive) throws SQLException {
        String segment;
        try (Connection connection = primary.connect("postgres"); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT pg_walfile_name(pg_switch_wal())")) {
            row.next();
            segment = row.getString(1);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> java.nio.file.Files.exists(archive.resolve(segment)));
    }

    private static boolean inRecovery(PostgresHost host) {
        try {
            return readiness(host).recovering();
        } catch (DatabaseUnreachableException notYet) {
            return true;
        }
    }

    private static long epochOf(PostgresHost host) throws SQLException {
        try (Connection connection = host.connect(DATABASE); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT COALESCE(MAX(value), 0) FROM counters"
                     + " WHERE name = 'restore_epoch'")) {
            row.next();
            return row.getLong(1);
        }
    }

    /** What 'pouw restore' itself asks the server. */
    private static PostgresRestoreReadiness readiness(PostgresHost host) {
        return PostgresRestoreReadiness.read(PostgresScenario.url(host), "postgres", "");
    }

    private static long folderBytes(Path folder) throws java.io.IOException {
        try (var files = java.nio.file.Files.walk(folder)) {
            long total = 0;
            for (Path file : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                total += java.nio.file.Files.size(file);
            }
            return total;
        }
    }
}
