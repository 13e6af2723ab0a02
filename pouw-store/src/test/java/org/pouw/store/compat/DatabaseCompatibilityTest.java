package org.pouw.store.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.event.Event;
import org.pouw.core.id.IntentId;
import org.pouw.core.id.JobId;
import org.pouw.core.job.Attempt;
import org.pouw.core.job.AttemptOutcome;
import org.pouw.core.job.Intent;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobStatus;
import org.pouw.core.ledger.Accounts;
import org.pouw.core.ledger.EntryKind;
import org.pouw.core.ledger.LedgerAudit;
import org.pouw.core.ledger.LedgerEntry;
import org.pouw.core.port.Storage;
import org.pouw.core.port.StoreTx;
import org.pouw.store.StorageConfig;
import org.pouw.store.StorageFactory;
import org.pouw.store.sqlite.SqliteStorage;

/**
 * Today's code opens a database an earlier build wrote, running whatever migrations came since, and reads back every
 * kind of row with its values: a migration that loses or reinterprets data fails here, not in an operator's data
 * folder. One file per schema version under {@code src/test/resources/compat/}, written once by
 * {@link CompatDatabaseWriter} (the story it tells is in its comment) and never rewritten.
 */
class DatabaseCompatibilityTest {
    private static final String SCHEMA_V2 = "/compat/v2.sqlite";

    private static final String CLIENT = "did:key:z6MkuW4sf9sqrfB1v1U1eyDTHjCUtgwrc5VqHew8FKYCxYSa";
    private static final String PROVER_A = "did:key:z6Mku7tPRjfUjX38ezWtK5Bi1eXUPXsZrLiteMQY9pfqvbAi";
    private static final String PROVER_B = "did:key:z6MkmMgCRbKt3zwEm5CP47ZPf2M3Pv12mtaHtDM28koTJaPK";
    private static final IntentId INTENT =
            IntentId.of("b6c23fef25c61b5bfaf2050f84f9f437b3da07fc91adca46f10c32873829be69");
    private static final JobId PAID_JOB = JobId.of("9a5ee24099d10db21e45a6a9fbb53af5");
    private static final JobId RETRIED_JOB = JobId.of("f63ff21e38ffcfa8da4ecd7f38c7b54b");
    private static final String TRACE_BLOB = "2639950ef6432325c4c69a71df1c206a4bdf96fd9659d3d9955688ac807fe38a";
    private static final String PROOF_BLOB = "274dec6090da55af9afb466d0911cbaba8b65b600752b26ea4d96740567473fa";
    private static final long START = 1_700_000_000_000L;

    @TempDir
    Path folder;

    private Storage storage;

    @BeforeEach
    void openACopyOfTheCommittedFile() throws IOException {
        try (InputStream committed = getClass().getResourceAsStream(SCHEMA_V2)) {
            assertThat(committed).as(SCHEMA_V2 + " on the test class path").isNotNull();
            Files.copy(committed, folder.resolve(SqliteStorage.FILE_NAME));
        }
        storage = StorageFactory.open(StorageConfig.sqlite(folder));
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void readsTheJobsAsTheyWereLeft() {
        Job paid = storage.read((StoreTx tx) -> tx.jobs().find(PAID_JOB)).orElseThrow();
        assertThat(paid.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(paid.kind()).isEqualTo("test-echo");
        assertThat(paid.intentId()).isEqualTo(INTENT);
        assertThat(paid.traceHash().hex())
                .isEqualTo("5f3ed339808a50ca8e94fed6466b3baeaa3b932940cf455a6565f726ae505c7c");
        assertThat(paid.traceRef()).isEqualTo(TRACE_BLOB);
        assertThat(paid.params()).isEqualTo("{\"intent\":2,\"segment\":0}");
        assertThat(paid.requester().text()).isEqualTo(CLIENT);
        assertThat(List.of(paid.feeBudget(), paid.rewardBudget(), paid.createdSeq())).containsExactly(1000L, 900L, 1L);
        assertThat(paid.completedAtMs()).isEqualTo(START + 1_500);
        assertThat(paid.resultRef()).isEqualTo(PROOF_BLOB);

        Job retried = storage.read((StoreTx tx) -> tx.jobs().find(RETRIED_JOB)).orElseThrow();
        assertThat(retried.status()).isEqualTo(JobStatus.PENDING);
        assertThat(retried.attempts()).isEqualTo(1);
        assertThat(retried.leaseToken()).isEmpty();
        assertThat(retried.deadlineMs()).isEqualTo(START + 3_600_000);
        assertThat(retried.lastError()).isEqualTo("proof_invalid: mismatch: the proof does not echo the params");

        Intent intent = storage.read((StoreTx tx) -> tx.jobs().intent(INTENT)).orElseThrow();
        assertThat(intent.jobIds()).containsExactly(PAID_JOB, RETRIED_JOB);
        assertThat(intent.fee()).isEqualTo(2_000);
        assertThat(intent.status()).isEqualTo("proving");
    }

    @Test
    void readsEveryAttempt() {
        assertThat(storage.read((StoreTx tx) -> tx.jobs().attempts(PAID_JOB))).containsExactly(
                new Attempt(PAID_JOB, 1, PROVER_A, START + 1_000, START + 1_500, AttemptOutcome.COMPLETED, ""));
        assertThat(storage.read((StoreTx tx) -> tx.jobs().attempts(RETRIED_JOB))).containsExactly(
                new Attempt(RETRIED_JOB, 1, PROVER_B, START + 2_500, START + 3_000, AttemptOutcome.PROOF_INVALID,
                        "mismatch: the proof does not echo the params"));
    }

    @Test
    void theLedgerStillChainsAndBalances() {
        LedgerAudit.Report report = new LedgerAudit(storage).run();
        assertThat(report.problems()).isEmpty();
        assertThat(report.entries()).isEqualTo(3);

        List<LedgerEntry> entries = storage.read((StoreTx tx) -> tx.ledger().entries(0, 100));
        assertThat(entries).extracting(LedgerEntry::kind, LedgerEntry::key, LedgerEntry::hash).containsExactly(
                tuple(EntryKind.GENESIS, "genesis:test-1:" + CLIENT,
                        "6b833f3b1fe9c2aafdc90a09caf4c5ed7987cd2043374ccdfea3ef27db40cdf9"),
                tuple(EntryKind.FEE_RESERVED, "fee:" + INTENT,
                        "5fbd0d7bc1074877c82e9a7697c7abc72ad31312617cdf80b3caa9afb1acf6c8"),
                tuple(EntryKind.REWARD, "reward:" + PAID_JOB,
                        "7a6205b9c151aa22556e36ca161b93a656045e084ba38cb4cff42bcbeb44db04"));
        assertThat(entries.getLast().jobIds()).containsExactly(PAID_JOB);
        assertThat(entries.getLast().atMs()).isEqualTo(START + 1_500);

        assertThat(storage.read((StoreTx tx) -> tx.ledger().balance(CLIENT))).isEqualTo(998_000);
        assertThat(storage.read((StoreTx tx) -> tx.ledger().balance(PROVER_A))).isEqualTo(900);
        assertThat(storage.read((StoreTx tx) -> tx.ledger().balance(PROVER_B))).isZero();
        assertThat(storage.read((StoreTx tx) -> tx.ledger().balance(Accounts.POOL_RESERVED))).isEqualTo(1_000);
        assertThat(storage.read((StoreTx tx) -> tx.ledger().balance(Accounts.POOL_EARNED))).isEqualTo(100);
        assertThat(storage.read((StoreTx tx) -> tx.ledger().balance(Accounts.GENESIS))).isEqualTo(-1_000_000);
    }

    @Test
    void readsTheEventLogInOrder() {
        List<Event> events = storage.read((StoreTx tx) -> tx.events().after(0, 100));
        assertThat(events).extracting(Event::seq, Event::type, Event::jobId).containsExactly(
                tuple(1L, "intent.created", ""),
                tuple(2L, "job.created", PAID_JOB.hex()),
                tuple(3L, "job.created", RETRIED_JOB.hex()),
                tuple(4L, "job.claimed", PAID_JOB.hex()),
                tuple(5L, "job.completed", PAID_JOB.hex()),
                tuple(6L, "job.claimed", RETRIED_JOB.hex()),
                tuple(7L, "job.failed", RETRIED_JOB.hex()));
        assertThat(events.get(4).data()).isEqualTo("{\"prover_id\":\"" + PROVER_A + "\",\"attempt\":1,\"reward\":900,"
                + "\"proof_ref\":\"" + PROOF_BLOB + "\",\"ledger_seq\":3}");
        assertThat(events.getLast().atMs()).isEqualTo(START + 3_000);
        assertThat(storage.read((StoreTx tx) -> tx.events().lastSeq())).isEqualTo(7);
    }

    @Test
    void readsTheBlobsByTheirKeys() {
        assertThat(storage.blobs().get(TRACE_BLOB)).hasValueSatisfying(bytes ->
                assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("trace of intent 2"));
        assertThat(storage.blobs().get(PROOF_BLOB)).hasValueSatisfying(bytes ->
                assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("{\"intent\":2,\"segment\":0}"));
    }
}
