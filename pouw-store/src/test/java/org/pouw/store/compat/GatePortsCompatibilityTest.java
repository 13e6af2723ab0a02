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
import org.pouw.core.SettableClock;
import org.pouw.core.ledger.LedgerAudit;
import org.pouw.core.port.Storage;
import org.pouw.core.port.StoreTx;
import org.pouw.gate.partner.PartnerKeys;
import org.pouw.gate.redeem.Redemptions;
import org.pouw.gate.reward.RewardPayouts;
import org.pouw.store.GateStores;
import org.pouw.store.RedemptionStores;
import org.pouw.store.StorageConfig;
import org.pouw.store.StorageFactory;
import org.pouw.store.jdbc.SqlRewardPayouts;
import org.pouw.store.sqlite.SqliteStorage;

/**
 * The v5 file (receipt emissions, partner keys, signing keys and budgets; issue 21) opened by today's code: the
 * payout stays paid and counted, a revoked key stays revoked, the limits still count what v5 wrote.
 */
class GatePortsCompatibilityTest {
    private static final String SCHEMA_V5 = "/compat/v5.sqlite";

    @TempDir
    Path folder;

    private Storage storage;

    @BeforeEach
    void openACopyOfTheCommittedFile() throws IOException {
        try (InputStream committed = getClass().getResourceAsStream(SCHEMA_V5)) {
            assertThat(committed).as(SCHEMA_V5 + " on the test class path").isNotNull();
            Files.copy(committed, folder.resolve(SqliteStorage.FILE_NAME));
        }
        storage = StorageFactory.open(StorageConfig.sqlite(folder));
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void thePayoutStaysPaidCountedAndInALedgerThatAudits() {
        assertThat(new LedgerAudit(storage).run().problems()).isEmpty();
        assertThat(storage.read((StoreTx tx) -> tx.ledger().byKey(
                RewardPayouts.ledgerKey(CompatDatabaseWriter.PAYOUT_CHALLENGE)))).isPresent();
        assertThat(storage.read((StoreTx tx) -> tx.ledger().balance(RewardPayouts.POOL_ACCOUNT))).isEqualTo(88);
        SqlRewardPayouts payouts = GateStores.rewardPayouts(storage, new SettableClock(CompatDatabaseWriter.START));
        assertThat(payouts.emitted(CompatDatabaseWriter.START)).isEqualTo(7);
        assertThat(RedemptionStores.on(storage).isRecorded(
                Redemptions.challengeKey(CompatDatabaseWriter.PAYOUT_CHALLENGE))).isTrue();
        // The interval's cap counts what v5 paid: 7 of 10 spent, so 7 more do not fit.
        assertThat(payouts.payOnce(new RewardPayouts.RewardClaim("chal:after-v5", Long.MAX_VALUE,
                CompatDatabaseWriter.PROVER_A, 7, "receipt:after-v5", CompatDatabaseWriter.START, 10)))
                .isEqualTo(RewardPayouts.Outcome.EMISSION_CAPPED);
    }

    @Test
    void partnerKeysBudgetsAndSignersReadBack() {
        PartnerKeys keys = GateStores.partnerKeys(storage);
        assertThat(keys.byPrefix(CompatDatabaseWriter.PARTNER_PREFIX).orElseThrow().revoked()).isTrue();
        assertThat(keys.byPrefix(CompatDatabaseWriter.PARTNER_LIVE_PREFIX).orElseThrow().keyHash())
                .isEqualTo(CompatDatabaseWriter.PARTNER_KEY_HASH);
        // One live key written by v5 plus one more is the limit; a third is refused.
        assertThat(keys.add("acme", "2a2b2c2d2e2f", CompatDatabaseWriter.PARTNER_KEY_HASH))
                .isEqualTo(PartnerKeys.Added.ADDED);
        assertThat(keys.add("acme", "3a3b3c3d3e3f", CompatDatabaseWriter.PARTNER_KEY_HASH))
                .isEqualTo(PartnerKeys.Added.TWO_ACTIVE_ALREADY);
        assertThat(GateStores.partnerSigningKeys(storage).byDid(CompatDatabaseWriter.PARTNER_SIGNER).orElseThrow()
                .partnerId()).isEqualTo("acme");
        var budgets = GateStores.partnerBudgets(storage);
        long start = CompatDatabaseWriter.START;
        assertThat(budgets.tryTake("acme", start, 3, start + 60_000)).isTrue();
        assertThat(budgets.tryTake("acme", start, 3, start + 60_000)).isFalse();
    }
}
