package org.pouw.pool.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.pouw.core.pool.AcceptedShare;
import org.pouw.core.pool.AcceptedWork;
import org.pouw.core.pool.InMemoryPoolShareLedger;
import org.pouw.core.pool.PoolShareLedger;

/**
 * Group commit (issue 23 §4): concurrent shares share commits — fewer transactions than shares — and each is answered
 * exactly as alone (a header counted once, also twice in one group); a commit that fails acknowledges none of its
 * shares, and the next one works; shares queued without waiting while a commit is in flight share the next one and
 * are answered only after it.
 */
class GroupCommitLedgerTest {
    private static final long T0 = 1_760_000_000_000L;

    /** An in-memory ledger whose commits take a while, as a flush to disk does, and that can be made to fail. */
    private static final class SlowStore implements PoolShareLedger {
        final InMemoryPoolShareLedger memory = new InMemoryPoolShareLedger();
        final AtomicInteger commits = new AtomicInteger();
        final AtomicBoolean failing = new AtomicBoolean();

        @Override
        public boolean record(AcceptedShare share) {
            return recordAll(List.of(share)).getFirst();
        }

        @Override
        public AcceptedWork onChallenge(String miner, String challengeId) {
            return memory.onChallenge(miner, challengeId);
        }

        @Override
        public AcceptedWork since(String miner, long sinceMs) {
            return memory.since(miner, sinceMs);
        }

        @Override
        public int prune(long nowMs) {
            return memory.prune(nowMs);
        }

        @Override
        public synchronized List<Boolean> recordAll(List<AcceptedShare> shares) {
            if (failing.get()) {
                throw new IllegalStateException("the database did not answer");
            }
            commits.incrementAndGet();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return memory.recordAll(shares);
        }
    }

    private static AcceptedShare share(int n) {
        return new AcceptedShare(String.format("%064x", n), "pool-1", "alice", "c1", 16, T0, T0 + 600_000);
    }

    @Test
    void concurrentSharesShareCommitsAndEachHeaderCountsOnce() throws Exception {
        SlowStore store = new SlowStore();
        try (GroupCommitLedger ledger = new GroupCommitLedger(store);
                ExecutorService threads = Executors.newFixedThreadPool(32)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> outcomes = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int hash = i / 2; // every header sent twice
                outcomes.add(threads.submit(() -> {
                    start.await();
                    return ledger.record(share(hash));
                }));
            }
            start.countDown();
            int firsts = 0;
            for (Future<Boolean> outcome : outcomes) {
                firsts += outcome.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(firsts).isEqualTo(200);
            assertThat(store.onChallenge("alice", "c1")).isEqualTo(new AcceptedWork(200, 3200));
            assertThat(ledger.recorded()).isEqualTo(400);
            assertThat(ledger.commits()).as("shares waiting during a commit go in the next one")
                    .isEqualTo(store.commits.get()).isLessThan(400);
        }
    }

    @Test
    void aFailedCommitAcknowledgesNoneOfItsSharesAndTheNextCommitWorks() {
        SlowStore store = new SlowStore();
        try (GroupCommitLedger ledger = new GroupCommitLedger(store)) {
            store.failing.set(true);
            assertThatThrownBy(() -> ledger.record(share(1))).hasMessageContaining("did not answer");
            assertThat(store.since("alice", 0)).isEqualTo(AcceptedWork.NONE);
            store.failing.set(false);
            assertThat(ledger.record(share(1))).isTrue();
            assertThat(ledger.record(share(1))).isFalse();
        }
    }

    @Test
    void sharesQueuedWhileACommitIsInFlightGoInTheNextOneAndNoneIsAnsweredBeforeItsCommit() throws Exception {
        GatedShareStore store = new GatedShareStore();
        try (GroupCommitLedger ledger = new GroupCommitLedger(store)) {
            // What the store holds at the moment each answer is given: an answer before its commit would not see it.
            java.util.function.Function<CompletableFuture<Boolean>, CompletableFuture<String>> seen =
                    answer -> answer.thenApply(first -> first + "@" + store.since("alice", 0).shares());
            CompletableFuture<String> one = seen.apply(ledger.recordLater(share(1)));
            assertThat(store.entered().await(10, TimeUnit.SECONDS)).as("the first commit is in flight").isTrue();
            List<CompletableFuture<String>> queued = List.of(seen.apply(ledger.recordLater(share(2))),
                    seen.apply(ledger.recordLater(share(2))), seen.apply(ledger.recordLater(share(1))),
                    seen.apply(ledger.recordLater(share(3))));
            Thread.sleep(100);
            assertThat(one).as("not answered while its commit runs").isNotDone();
            assertThat(queued).noneMatch(CompletableFuture::isDone);

            store.open().countDown();
            assertThat(one.get(10, TimeUnit.SECONDS)).isEqualTo("true@1");
            List<String> answers = new ArrayList<>();
            for (CompletableFuture<String> answer : queued) {
                answers.add(answer.get(10, TimeUnit.SECONDS));
            }
            assertThat(answers).as("a duplicate within the group and one of the group before are refused; every "
                    + "answer comes after its commit").containsExactly("true@3", "false@3", "false@3", "true@3");
            assertThat(store.groups()).as("the four queued during the first commit shared the next")
                    .containsExactly(1, 4);
        }
    }

    @Test
    void aClosedLedgerTakesNoMoreShares() {
        GroupCommitLedger ledger = new GroupCommitLedger(new SlowStore());
        ledger.close();
        assertThatThrownBy(() -> ledger.record(share(1))).isInstanceOf(IllegalStateException.class);
    }
}
