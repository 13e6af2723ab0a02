package org.pouw.store.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.ledger.LedgerAudit;
import org.pouw.core.port.Storage;
import org.pouw.core.port.StoreTx;
import org.pouw.store.RedemptionStores;
import org.pouw.store.StorageConfig;
import org.pouw.store.StorageFactory;
import org.pouw.store.jdbc.SqlRedemptions;
import org.pouw.store.sqlite.SqliteStorage;

/**
 * The v4 file ({@code redemptions}, issue 21) opened by today's code: its redeemed challenge stays redeemed, and the
 * reward written in the same transaction is in a ledger that still chains. The market rows of the same story are
 * read by {@link DatabaseCompatibilityTest} from v2; here the audit stands for them.
 */
class RedemptionsCompatibilityTest {
    private static final String SCHEMA_V4 = "/compat/v4.sqlite";

    @TempDir
    Path folder;

    private Storage storage;

    @BeforeEach
    void openACopyOfTheCommittedFile() throws IOException {
        try (InputStream committed = getClass().getResourceAsStream(SCHEMA_V4)) {
            assertThat(committed).as(SCHEMA_V4 + " on the test class path").isNotNull();
            Files.copy(committed, folder.resolve(SqliteStorage.FILE_NAME));
        }
        storage = StorageFactory.open(StorageConfig.sqlite(folder));
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void theRedeemedChallengeStaysRedeemedWithItsReward() {
        SqlRedemptions redemptions = RedemptionStores.on(storage);
        assertThat(redemptions.isRecorded(CompatDatabaseWriter.REDEEMED_KEY)).isTrue();
        assertThat(redemptions.redeemOnce(CompatDatabaseWriter.REDEEMED_KEY, Long.MAX_VALUE)).isFalse();

        LedgerAudit.Report report = new LedgerAudit(storage).run();
        assertThat(report.problems()).isEmpty();
        assertThat(report.entries()).isEqualTo(5);
        assertThat(storage.read((StoreTx tx) -> tx.ledger().byKey(CompatDatabaseWriter.RECEIPT_REWARD_KEY)))
                .isPresent();
        assertThat(storage.read((StoreTx tx) -> tx.ledger().balance(CompatDatabaseWriter.PROVER_A)))
                .isEqualTo(900 + 5);
        assertThat(storage.read((StoreTx tx) -> tx.ledger().balance(CompatDatabaseWriter.RECEIPTS_POOL)))
                .isEqualTo(95);
    }

    @Test
    void aPruneAfterItsTimeForgetsIt() {
        SqlRedemptions redemptions = RedemptionStores.on(storage);
        assertThat(redemptions.forgetExpired(CompatDatabaseWriter.START + 65_000)).isZero();
        assertThat(redemptions.forgetExpired(CompatDatabaseWriter.START + 65_001)).isEqualTo(1);
    }
}
