package org.pouw.cli.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.cli.CliProcess;
import org.pouw.client.NodeException;
import org.pouw.crypto.Ed25519;

/**
 * Failure scenario 5 of docs/failures.md on PostgreSQL: a full disk under the server, its data and its WAL each on a
 * small tmpfs of the test's own (real ENOSPC from a real file system; never {@code chmod} or {@code ulimit}), Debian's
 * PostgreSQL 15 run as a non-root user, one node process paying through it.
 *
 * <ol>
 *   <li><b>The data disk full</b> (the WAL has room): writes that need a new page fail with SQLSTATE {@code 53100};
 *       the node answers 503 {@code storage_full}, a refusal (nothing applied), reads answer and {@code /readyz}
 *       stays 200. Once the filler is deleted a refused payment sent again with its key is applied once.</li>
 *   <li><b>The WAL disk full</b>: the server can not start a new WAL segment and PANICs (its log says so). That is
 *       the database lost, scenario 2's outage: the node answers 503 (never a 500) and {@code /readyz} 503 in a live
 *       scrape with {@code pouw_database_up} 0. The operator frees space and starts the server; the node serves again
 *       without a restart, and every in-doubt payment sent again with its key is applied once.</li>
 * </ol>
 * Asserted at the end: every acked payment is in the ledger exactly once, no refused one is, and
 * {@code pouw ledger verify} passes. Needs root (for the mounts): elsewhere it is skipped, saying so.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PostgresDiskFullFailoverIT {
    private static final String DATABASE = PostgresScenario.DATABASE;

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
    void aFullDataDiskRefusesWritesAndAFullWalDiskIsAnOutageThatLosesNothingAcked() throws Exception {
        Assumptions.assumeTrue(((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0,
                "mounting the scenario's small file systems needs root (CI runs as root)");
        scenario = new PostgresScenario("postgres disk full", dir);
        Path dataDisk = mountSmallDisk("data-disk", 160);
        Path walDisk = mountSmallDisk("wal-disk", 96);
        PostgresHost host = scenario.add(PostgresHost.initOnDisks(scenario.hostsFolder(), "pg1", dataDisk,
                walDisk));
        // no timed checkpoint while the data disk is full: this scenario is about the clients' writes
        Files.writeString(dataDisk.resolve("pg1/postgresql.conf"), "checkpoint_timeout = '30min'\n",
                java.nio.file.StandardOpenOption.APPEND);
        host.startPrimary(null);
        host.createDatabase(DATABASE);
        Ed25519.KeyPair payer = scenario.payer();
        String payee = scenario.payee();
        ScenarioNode node = scenario.startNode("a", scenario.nodeSettings(PostgresScenario.url(host)));

        try (PaymentLoad load = new PaymentLoad(node.url(), payer, payee)) {
            for (int i = 0; i < 10; i++) {
                assertThat(load.pay("warm-" + i)).as("payments go through while the disks have room").isTrue();
            }

            // 1. The data disk full.
            long dataFiller = FillerFile.fillUp(dataDisk.resolve("filler"));
            List<String> refused = new ArrayList<>();
            List<String> dataAcked = new ArrayList<>();
            Map<Integer, Integer> answers = new ConcurrentHashMap<>();
            for (int i = 0; i < 3000 && refused.size() < 10; i++) {
                String key = "data-full-" + i;
                try {
                    load.client().ledger().transfer(payee, 1, key);
                    answers.merge(200, 1, Integer::sum);
                    dataAcked.add(key);
                } catch (NodeException e) {
                    answers.merge(e.status(), 1, Integer::sum);
                    assertThat(e.status() + " " + e.code()).as("a full data disk is 503 storage_full: "
                            + e.getMessage()).isEqualTo("503 storage_full");
                    refused.add(key);
                }
            }
            assertThat(refused).as("a full data disk refuses writes").isNotEmpty();
            int readyWhileFull = node.get("/readyz").status();
            assertThat(readyWhileFull).as("a full disk is not an outage: /readyz").isEqualTo(200);
            double counted = node.metric("pouw_storage_full_refusals_total{store=\"postgresql\"}");
            assertThat(counted).as("a live scrape counts the refusals").isGreaterThanOrEqualTo(refused.size());
            Files.delete(dataDisk.resolve("filler"));
            long freed = System.nanoTime();
            String retried = refused.getFirst();
            await().atMost(Duration.ofSeconds(30)).until(() -> load.pay(retried));
            long dataRecoveredMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - freed);
            assertThat(load.pay(retried)).as("the same key again is the same payment").isTrue();

            // 2. The WAL disk full: a PANIC, the database lost until the operator frees space and starts it.
            long walFiller = FillerFile.fillUp(walDisk.resolve("filler"));
            ReadinessWatch readiness = ReadinessWatch.of(node);
            int acksBefore = load.acked();
            load.start("wal-full", 3);
            long faultAt = System.nanoTime();
            for (int i = 0; i < 100 && host.running(); i++) {
                switchWal(host);
                sleep(200);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> readiness.saw(503));
            double up = node.metric("pouw_database_up{store=\"postgresql\"}");
            assertThat(up).as("a live scrape during the outage: pouw_database_up").isZero();
            assertThat(host.serverLog()).as("the server PANICked for want of WAL space").contains("PANIC")
                    .containsIgnoringCase("No space left on device");
            sleep(2_000); // the outage goes on for a while: every answer meanwhile must be a 503
            Files.delete(walDisk.resolve("filler"));
            long walFreed = System.nanoTime();
            if (!host.running()) {
                host.startPrimary(null); // the operator's step: start the server once space is back
            }
            long restarted = System.nanoTime();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.ackedAfter(restarted) >= 10);
            long walRecoveredMs = TimeUnit.NANOSECONDS.toMillis(load.firstAckSentAfter(walFreed) - walFreed);
            long windowMs = TimeUnit.NANOSECONDS.toMillis(load.firstAckSentAfter(walFreed) - faultAt);
            load.stop();
            readiness.close();
            int settled = load.settleInDoubt(Duration.ofSeconds(60));
            assertThat(load.statuses()).as("the node's answers through both faults: never a 500")
                    .containsOnlyKeys(200, 503);

            Map<String, Integer> ledger = PaymentLoad.ledgerKeys(load.client());
            assertThat(load.lostOf(load.ackedKeys(), ledger)).as("acked payments lost").isEmpty();
            for (String key : load.ackedKeys()) {
                assertThat(ledger.get(load.entryKey(key))).as("payment " + key + " once").isEqualTo(1);
            }
            for (String key : dataAcked) {
                assertThat(ledger.get(load.entryKey(key))).as("payment " + key + " acked on the full data disk, once")
                        .isEqualTo(1);
            }
            for (String key : refused.subList(1, refused.size())) {
                assertThat(ledger).as("a refused payment was not applied").doesNotContainKey(load.entryKey(key));
            }
            System.out.printf("FAILOVER postgres disk full: data disk (filler %d bytes) — %d of %d writes refused"
                            + " with 503 storage_full, /readyz %d, writes back %d ms after the filler was deleted;"
                            + " WAL disk (filler %d bytes) — the server PANICked, node answers %s, /readyz %s"
                            + " meanwhile; writes unavailable %d ms from the first switch (the first ack %d ms after"
                            + " the filler was deleted and the server started); %d acked during the WAL phase,"
                            + " %d in doubt, each applied once when sent again%n", dataFiller, refused.size(),
                    answers.values().stream().mapToInt(Integer::intValue).sum(), readyWhileFull, dataRecoveredMs,
                    walFiller, load.statuses(), readiness.statuses(), windowMs, walRecoveredMs,
                    load.acked() - acksBefore, settled);
        }
        scenario.stopNode(node);
        CliProcess.Result verify = scenario.verifyLedger(PostgresScenario.url(host));
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        scenario.passed();
    }

    /** A tmpfs of {@code megabytes} at a new folder of the hosts' folder, owned by the servers' user. */
    private Path mountSmallDisk(String name, int megabytes) throws Exception {
        Path hostsFolder = scenario.hostsFolder();
        Path mount = hostsFolder.resolve(name);
        Files.createDirectory(mount);
        int uid = (Integer) Files.getAttribute(hostsFolder, "unix:uid");
        int gid = (Integer) Files.getAttribute(hostsFolder, "unix:gid");
        run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m,mode=0700,uid=" + uid + ",gid=" + gid, "tmpfs",
                mount.toString());
        scenario.beforeFolderDeleted(() -> unmount(mount));
        return mount;
    }

    private static void unmount(Path mount) {
        try {
            run("umount", "-l", mount.toString());
        } catch (Exception e) {
            throw new IllegalStateException("umount -l " + mount + " failed", e);
        }
    }

    /** Ends the WAL segment in use, so the next write needs a new one (skipped once the server is down). */
    private static void switchWal(PostgresHost host) {
        try (Connection admin = host.connect("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("SELECT pg_switch_wal()");
        } catch (SQLException downOrPanicking) {
            // the PANIC this loop is waiting for
        }
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
