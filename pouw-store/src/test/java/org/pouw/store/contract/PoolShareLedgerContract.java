package org.pouw.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pouw.core.pool.AcceptedShare;
import org.pouw.core.pool.AcceptedWork;
import org.pouw.core.pool.PoolShareLedger;
import org.pouw.core.port.Storage;
import org.pouw.store.PoolStores;

/**
 * The mining pool's accounting on a real database (issue 23 §4), run against every adapter (SQLite here, PostgreSQL
 * in an IT): a share is counted once, also when two pool processes on one database record it at the same moment, and
 * a restart (a new storage on the same database) still knows it; work sums per challenge and over a window.
 */
public abstract class PoolShareLedgerContract extends StorageTestBase {
    private static final long T0 = 1_760_000_000_000L;

    private static AcceptedShare share(int n, String miner, String challenge, long credited, long at) {
        return new AcceptedShare(String.format("%064x", n), "pool-1", miner, challenge, credited, at, T0 + 600_000);
    }

    @Test
    void aShareIsCountedOnceAndItsWorkSumsPerChallengeAndWindow() {
        PoolShareLedger ledger = PoolStores.shareLedger(storage);
        assertThat(ledger.record(share(1, "alice", "c1", 64, T0))).isTrue();
        assertThat(ledger.record(share(1, "alice", "c1", 64, T0))).as("the same header hash").isFalse();
        assertThat(ledger.record(share(1, "bob", "c2", 9_999, T0 + 5))).as("whoever claims it again").isFalse();
        assertThat(ledger.record(share(2, "alice", "c1", 128, T0 + 10_000))).isTrue();
        assertThat(ledger.record(share(3, "alice", "c2", 32, T0 + 20_000))).isTrue();
        assertThat(ledger.onChallenge("alice", "c1")).isEqualTo(new AcceptedWork(2, 192));
        assertThat(ledger.onChallenge("bob", "c2")).isEqualTo(AcceptedWork.NONE);
        assertThat(ledger.since("alice", T0 + 10_000)).isEqualTo(new AcceptedWork(2, 160));
    }

    @Test
    void aGroupIsRecordedInOneCommitAnsweringEachShareAsAloneAndSurvivesARestart() {
        PoolShareLedger ledger = PoolStores.shareLedger(storage);
        assertThat(ledger.record(share(10, "alice", "c1", 64, T0))).isTrue();
        assertThat(ledger.recordAll(List.of(share(11, "alice", "c1", 64, T0), share(10, "bob", "c2", 64, T0),
                share(12, "alice", "c1", 32, T0), share(11, "bob", "c2", 64, T0))))
                .as("counted before, and twice within the group").containsExactly(true, false, true, false);
        storage.close();
        storage = database.open();
        PoolShareLedger again = PoolStores.shareLedger(storage);
        assertThat(again.onChallenge("alice", "c1")).isEqualTo(new AcceptedWork(3, 160));
        assertThat(again.onChallenge("bob", "c2")).isEqualTo(AcceptedWork.NONE);
    }

    @Test
    void aGroupsWorkIsSummedPerMinerChallengeAndSecondAndPrunedWithItsShares() {
        PoolShareLedger ledger = PoolStores.shareLedger(storage);
        assertThat(ledger.recordAll(List.of(share(20, "alice", "c1", 16, T0), share(21, "alice", "c1", 32, T0 + 10),
                share(22, "bob", "c1", 64, T0 + 5), share(20, "alice", "c1", 16, T0 + 20),
                share(23, "alice", "c1", 128, T0 + 1_500)))).containsExactly(true, true, true, false, true);
        assertThat(ledger.recordAll(List.of(share(24, "alice", "c1", 256, T0 + 1_700), share(21, "bob", "c1", 8,
                T0 + 1_800)))).as("added to the same second's sum; a hash of an earlier group refused")
                .containsExactly(true, false);
        assertThat(ledger.onChallenge("alice", "c1")).isEqualTo(new AcceptedWork(4, 432));
        assertThat(ledger.onChallenge("bob", "c1")).isEqualTo(new AcceptedWork(1, 64));
        assertThat(ledger.since("alice", T0 + 1_000)).isEqualTo(new AcceptedWork(2, 384));
        assertThat(ledger.since("alice", T0 + 1_999)).as("the window's resolution is a second")
                .isEqualTo(new AcceptedWork(2, 384));
        assertThat(ledger.since("alice", T0 + 2_000)).isEqualTo(AcceptedWork.NONE);
        assertThat(ledger.prune(T0 + 599_999)).isZero();
        assertThat(ledger.prune(T0 + 600_000)).isEqualTo(5);
        assertThat(ledger.onChallenge("alice", "c1")).isEqualTo(AcceptedWork.NONE);
        assertThat(ledger.since("bob", 0)).isEqualTo(AcceptedWork.NONE);
    }

    @Test
    void aRestartedPoolStillKnowsWhatItCountedUntilThePrune() {
        assertThat(PoolStores.shareLedger(storage).record(share(7, "alice", "c1", 64, T0))).isTrue();
        storage.close();
        storage = database.open();
        PoolShareLedger again = PoolStores.shareLedger(storage);
        assertThat(again.record(share(7, "alice", "c1", 64, T0))).isFalse();
        assertThat(again.prune(T0 + 600_000)).isEqualTo(1);
        assertThat(again.since("alice", 0)).isEqualTo(AcceptedWork.NONE);
    }

    @Test
    void twoPoolProcessesOnOneDatabaseCountEachShareOnce() throws Exception {
        Storage second = database.open();
        try {
            PoolShareLedger a = PoolStores.shareLedger(storage);
            PoolShareLedger b = PoolStores.shareLedger(second);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> outcomes = new ArrayList<>();
            try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
                for (int n = 0; n < 20; n++) {
                    for (PoolShareLedger ledger : List.of(a, b, a, b)) {
                        int hash = n;
                        outcomes.add(threads.submit(() -> {
                            start.await();
                            return ledger.record(share(hash, "alice", "c1", 16, T0));
                        }));
                    }
                }
                start.countDown();
                long recorded = 0;
                for (Future<Boolean> outcome : outcomes) {
                    recorded += outcome.get(60, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(recorded).isEqualTo(20);
            }
            assertThat(b.onChallenge("alice", "c1")).isEqualTo(new AcceptedWork(20, 320));
        } finally {
            second.close();
        }
    }
}
