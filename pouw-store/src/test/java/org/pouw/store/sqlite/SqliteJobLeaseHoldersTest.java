package org.pouw.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.SettableClock;
import org.pouw.core.port.Storage;
import org.pouw.gate.useful.JobLeaseHolders;
import org.pouw.gate.useful.JobLeaseHoldersContract;
import org.pouw.store.GateStores;
import org.pouw.store.contract.MarketGateViewsFixture;
import org.pouw.store.support.OpenStorages;
import org.pouw.store.support.SqliteTestDatabase;

/** {@code JobStoreLeaseHolders} over the job store of a real SQLite file, under pouw-gate's contract. */
class SqliteJobLeaseHoldersTest extends JobLeaseHoldersContract {
    @TempDir
    Path folder;

    private final SettableClock clock = new SettableClock(1_760_000_000_000L);
    private final OpenStorages storages = new OpenStorages();
    private final Map<JobLeaseHolders, Storage> storageOf = new IdentityHashMap<>();

    @Override
    protected JobLeaseHolders newHolders() {
        Storage storage = storages.open(() -> new SqliteTestDatabase(folder));
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

    /** A lease past its expiry names nobody, even before the reaper has released it; a malformed id names no job. */
    @Test
    void anExpiredLeaseNamesNobody() {
        JobLeaseHolders holders = newHolders();
        lease(holders, "00112233445566778899aabbccddeeff", "did:key:z6MkProver");
        clock.advance(59_999);
        assertThat(holders.holderOf("00112233445566778899aabbccddeeff")).contains("did:key:z6MkProver");
        clock.advance(1);
        assertThat(holders.holderOf("00112233445566778899aabbccddeeff")).isEmpty();
        assertThat(holders.holderOf("not-a-job-id")).isEmpty();
    }
}
