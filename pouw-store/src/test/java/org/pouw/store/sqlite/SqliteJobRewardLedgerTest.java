package org.pouw.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.port.Storage;
import org.pouw.gate.useful.JobRewardLedger;
import org.pouw.gate.useful.JobRewardLedgerContract;
import org.pouw.store.GateStores;
import org.pouw.store.contract.MarketGateViewsFixture;
import org.pouw.store.support.OpenStorages;
import org.pouw.store.support.SqliteTestDatabase;

/** {@code LedgerJobRewards} over the ledger of a real SQLite file, under pouw-gate's contract. */
class SqliteJobRewardLedgerTest extends JobRewardLedgerContract {
    @TempDir
    Path folder;

    private final OpenStorages storages = new OpenStorages();
    private final Map<JobRewardLedger, Storage> storageOf = new IdentityHashMap<>();

    @Override
    protected JobRewardLedger newLedger() {
        Storage storage = storages.open(() -> new SqliteTestDatabase(folder));
        JobRewardLedger ledger = GateStores.jobRewards(storage);
        storageOf.put(ledger, storage);
        return ledger;
    }

    @Override
    protected void payReward(JobRewardLedger ledger, String jobId, String did, long paidAtMs) {
        MarketGateViewsFixture.payReward(storageOf.get(ledger), jobId, did, paidAtMs);
    }

    @AfterEach
    void close() {
        storages.close();
    }

    /** The node's margin and the reserved pool are system accounts: only the prover is named as paid. */
    @Test
    void aRewardNamesTheProverNotTheSystemAccounts() {
        JobRewardLedger ledger = newLedger();
        payReward(ledger, "00112233445566778899aabbccddeeff", "did:key:z6MkProver", 5_000);
        assertThat(ledger.rewardOf("00112233445566778899aabbccddeeff").orElseThrow().did())
                .isEqualTo("did:key:z6MkProver");
        assertThat(ledger.rewardOf("")).isEmpty();
    }
}
