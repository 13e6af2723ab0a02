package org.pouw.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pouw.core.port.Storage;
import org.pouw.gate.useful.JobRewardLedger;
import org.pouw.gate.useful.JobRewardLedgerContract;
import org.pouw.store.GateStores;
import org.pouw.store.contract.MarketGateViewsFixture;
import org.pouw.store.support.OpenStorages;
import org.pouw.store.support.PostgresTestDatabase;

/** {@code LedgerJobRewards} over a real PostgreSQL ledger, under pouw-gate's contract. */
class PostgresJobRewardLedgerIT extends JobRewardLedgerContract {
    private final OpenStorages storages = new OpenStorages();
    private final Map<JobRewardLedger, Storage> storageOf = new IdentityHashMap<>();

    @Override
    protected JobRewardLedger newLedger() {
        Storage storage = storages.open(() -> PostgresTestDatabase.forTestClass(getClass()));
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

    /** A reward paid through one node is read by another at once. */
    @Test
    void aRewardPaidAtOneNodeIsSeenByAnother() {
        JobRewardLedger first = newLedger();
        JobRewardLedger second = newLedger();
        payReward(first, "00112233445566778899aabbccddeeff", "did:key:z6MkProver", 5_000);
        assertThat(second.rewardOf("00112233445566778899aabbccddeeff"))
                .contains(new JobRewardLedger.JobReward("did:key:z6MkProver", 5_000));
    }
}
