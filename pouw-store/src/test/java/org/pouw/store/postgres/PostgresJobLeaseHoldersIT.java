package org.pouw.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.core.port.Storage;
import org.pouw.gate.useful.JobLeaseHolders;
import org.pouw.gate.useful.JobLeaseHoldersContract;
import org.pouw.store.GateStores;
import org.pouw.store.contract.MarketGateViewsFixture;
import org.pouw.store.support.OpenStorages;
import org.pouw.store.support.PostgresTestDatabase;

/** {@code JobStoreLeaseHolders} over a real PostgreSQL job store, under pouw-gate's contract. */
class PostgresJobLeaseHoldersIT extends JobLeaseHoldersContract {
    private final SettableClock clock = new SettableClock(1_760_000_000_000L);
    private final OpenStorages storages = new OpenStorages();
    private final Map<JobLeaseHolders, Storage> storageOf = new IdentityHashMap<>();

    @Override
    protected JobLeaseHolders newHolders() {
        Storage storage = storages.open(() -> PostgresTestDatabase.forTestClass(getClass()));
        JobLeaseHolders holders = GateStores.leaseHolders(storage, clock);
        storageOf.put(holders, storage);
        return holders;
    }

    @Override
    protected void lease(JobLeaseHolders holders, String jobId, String did) {
        MarketGateViewsFixture.lease(storageOf.get(holders), clock, jobId, did);
    }

    @Override
    protected void endLease(JobLeaseHolders holders, String jobId) {
        MarketGateViewsFixture.endLease(storageOf.get(holders), jobId);
    }

    @AfterEach
    void close() {
        storages.close();
    }

    /** A lease taken through one node names its holder at another, and its end is seen there at once. */
    @Test
    void aLeaseAtOneNodeIsSeenByAnother() {
        JobLeaseHolders first = newHolders();
        JobLeaseHolders second = newHolders();
        lease(first, "00112233445566778899aabbccddeeff", "did:key:z6MkProver");
        assertThat(second.holderOf("00112233445566778899aabbccddeeff")).contains("did:key:z6MkProver");
        endLease(first, "00112233445566778899aabbccddeeff");
        assertThat(second.holderOf("00112233445566778899aabbccddeeff")).isEmpty();
    }
}
