package org.pouw.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.SettableClock;
import org.pouw.core.id.Did;
import org.pouw.core.id.IntentId;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.market.IntentRecord;
import org.pouw.core.market.Submission;
import org.pouw.core.market.SubmissionResult;
import org.pouw.core.port.Storage;
import org.pouw.core.port.StoreTx;
import org.pouw.store.StorageConfig;
import org.pouw.store.StorageFactory;
import org.pouw.store.support.EchoKind;
import org.pouw.store.support.EmbeddedPostgresServer;
import org.pouw.store.support.MarketBench;
import org.pouw.store.support.SampleJobs;

/**
 * Issue 26, item 2: concurrent batch settlements take their row locks in one global order, so the server never has
 * to break a lock cycle. Each of eight provers holds one job of each of six intents, and all eight settle their
 * batches at once: every batch marks the same six intents, and before the fix each batch locked them in the order
 * of its own job ids (random), which is a lock cycle between nearly any two batches ({@code 40P01}, hidden by the
 * retry but each costing the deadlock timeout and a rolled-back batch). The server's own log is the witness: the
 * test runs its own server whose log it reads, and proves the reader sees errors by causing one on purpose.
 */
class SettlementLockOrderIT {
    private static final int PROVERS = 8;
    private static final int INTENTS = 6;
    private static final int ROUNDS = 4;
    private static final long FEE_PER_JOB = 1_000;

    @TempDir
    static Path logs;
    private static EmbeddedPostgres server;

    @BeforeAll
    static void start() throws IOException {
        // The embedded server runs as another user, who must be able to write the log here.
        Files.setPosixFilePermissions(logs, PosixFilePermissions.fromString("rwxrwxrwx"));
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        if (!Boolean.getBoolean(EmbeddedPostgresServer.DURABLE_PROPERTY)) {
            EmbeddedPostgresServer.TEST_ONLY_NOT_DURABLE.forEach(builder::setServerConfig);
        }
        server = builder
                // A cycle is found (and logged) after this wait, well inside the test.
                .setServerConfig("deadlock_timeout", "100ms")
                .setServerConfig("logging_collector", "on")
                .setServerConfig("log_directory", logs.toString())
                .setServerConfig("log_filename", "server.log")
                // %e: every logged error carries its SQLSTATE. (pg_ctl passes settings through a shell: no spaces.)
                .setServerConfig("log_line_prefix", "sqlstate=%e,pid=%p:")
                .start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void concurrent_batches_over_the_same_intents_settle_without_a_single_deadlock() throws Exception {
        String url = server.getJdbcUrl("postgres", "postgres");
        causeErrorAndAwaitItInTheLog(1); // the log reader sees what the server logs
        SettableClock clock = new SettableClock(1_700_000_000_000L);
        List<IntentId> intents = new ArrayList<>();
        try (Storage storage = StorageFactory.open(StorageConfig.postgresql(url, "postgres", "postgres", PROVERS))) {
            MarketBench bench = new MarketBench(storage, clock);
            bench.fund(MarketBench.CLIENT, ROUNDS * INTENTS * PROVERS * FEE_PER_JOB);
            for (int round = 0; round < ROUNDS; round++) {
                for (int i = 0; i < INTENTS; i++) {
                    IntentRecord opened = bench.open(PROVERS, PROVERS * FEE_PER_JOB);
                    intents.add(opened.intent().intentId());
                }
                settleAtOnce(bench, claimRoundRobin(bench));
            }
            List<String> statuses = storage.read((StoreTx tx) -> intents.stream()
                    .map(id -> tx.jobs().intent(id).orElseThrow().status()).toList());
            assertThat(statuses).as("every intent proven once all its jobs settled").containsOnly("proven")
                    .hasSize(ROUNDS * INTENTS);
        }
        causeErrorAndAwaitItInTheLog(2); // everything logged before it is in the file now
        List<String> log = Files.readAllLines(logs.resolve("server.log"), StandardCharsets.UTF_8);
        assertThat(log).as("server log lines with SQLSTATE 40P01 (deadlock detected)")
                .noneMatch(line -> line.contains("sqlstate=40P01") || line.contains("deadlock detected"));
        assertThat(deadlocksCounted()).as("pg_stat_database.deadlocks").isZero();
    }

    /**
     * Single-job claims in turn: prover p gets the p-th job of every intent, so each prover's batch spans all the
     * intents of the round, and its job ids (hashes) order those intents differently from any other prover's.
     */
    private static List<List<Submission>> claimRoundRobin(MarketBench bench) {
        List<List<Submission>> batches = new ArrayList<>();
        for (int p = 0; p < PROVERS; p++) {
            batches.add(new ArrayList<>());
        }
        ClaimRequest one = new ClaimRequest(List.of(), List.of(), 1, 0);
        for (int claim = 0; claim < PROVERS * INTENTS; claim++) {
            int p = claim % PROVERS;
            Job job = bench.market().claim(prover(p), one).getFirst();
            batches.get(p).add(new Submission(job.jobId(), job.leaseToken(), EchoKind.proofFor(job.params())));
        }
        return batches;
    }

    private static void settleAtOnce(MarketBench bench, List<List<Submission>> batches) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PROVERS);
        CountDownLatch ready = new CountDownLatch(PROVERS);
        try {
            List<Future<List<SubmissionResult>>> settling = new ArrayList<>();
            for (int p = 0; p < PROVERS; p++) {
                Did prover = prover(p);
                List<Submission> batch = batches.get(p);
                settling.add(pool.submit(() -> {
                    ready.countDown();
                    ready.await();
                    return bench.market().submitAll(prover, batch);
                }));
            }
            for (Future<List<SubmissionResult>> batch : settling) {
                assertThat(batch.get(60, TimeUnit.SECONDS)).extracting(SubmissionResult::outcome)
                        .containsOnly(SubmissionResult.Outcome.ACCEPTED);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Did prover(int p) {
        return Did.of(SampleJobs.did("lock-order-prover-" + p));
    }

    /** Divides by zero ({@code 22012}) and waits until the log holds {@code count} such lines. */
    private static void causeErrorAndAwaitItInTheLog(int count) throws Exception {
        try (Connection connection = server.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1 / 0");
        } catch (SQLException expected) {
            assertThat(expected.getSQLState()).isEqualTo("22012");
        }
        Path file = logs.resolve("server.log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            long seen = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.contains("sqlstate=22012,") && line.contains("ERROR")).count() : 0;
            if (seen >= count) {
                return;
            }
            assertThat(System.nanoTime()).as("the server log at " + file + " shows the division by zero")
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static long deadlocksCounted() throws SQLException {
        try (Connection connection = server.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(
                     "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")) {
            row.next();
            return row.getLong(1);
        }
    }
}
