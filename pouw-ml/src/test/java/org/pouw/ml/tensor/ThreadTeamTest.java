package org.pouw.ml.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ThreadTeamTest {
    @Test
    void coversEveryIndexExactlyOnceForAnySize() {
        try (ThreadTeam team = ThreadTeam.of(3)) {
            for (int n = 0; n < 50; n++) {
                AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(1, n));
                team.forRange(n, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        hits.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < n; i++) {
                    assertThat(hits.get(i)).as("n=%d i=%d", n, i).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void aFailureInAHelperReachesTheCaller() {
        try (ThreadTeam team = ThreadTeam.of(2)) {
            assertThatThrownBy(() -> team.forRange(10, (from, to) -> {
                if (from > 0) {
                    throw new IllegalStateException("helper part failed");
                }
            })).isInstanceOf(IllegalStateException.class).hasMessage("helper part failed");
            // The team still works afterwards.
            AtomicIntegerArray hits = new AtomicIntegerArray(10);
            team.forRange(10, (from, to) -> {
                for (int i = from; i < to; i++) {
                    hits.incrementAndGet(i);
                }
            });
            assertThat(hits.get(9)).isEqualTo(1);
        }
    }

    @Test
    void sharesOnlyRegionsWorthAHandOff() {
        assertThat(ThreadTeam.single().shares(Long.MAX_VALUE)).as("one thread shares nothing").isFalse();
        try (ThreadTeam team = ThreadTeam.of(2)) {
            // The MNIST MLP's first layer (784 × 128 for 64 records) stays on the caller; a product 4× as big does not.
            assertThat(team.shares(64L * 784 * 128)).isFalse();
            assertThat(team.shares(4 * 64L * 784 * 128)).isTrue();
        }
        try (ThreadTeam team = ThreadTeam.sharingEveryRegion(2)) {
            assertThat(team.shares(1)).as("a team for tests cuts every region").isTrue();
        }
        assertThatThrownBy(() -> ThreadTeam.sharingEveryRegion(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachThreadStartsOnItsOwnBlockOfChunks() {
        // 8 chunks on 2 threads: the caller owns chunks 0-3, the helper 4-7. Each thread's first chunk waits until
        // the other thread has claimed one, so neither can take the other's block before starting its own: the
        // caller must start at chunk 0 and the helper at chunk 4 (with one shared counter the helper took chunk 1,
        // and a sample's rows changed cores from layer to layer).
        try (ThreadTeam team = ThreadTeam.of(2)) {
            for (int round = 0; round < 20; round++) {
                Thread caller = Thread.currentThread();
                CountDownLatch callerStarted = new CountDownLatch(1);
                CountDownLatch helperStarted = new CountDownLatch(1);
                AtomicIntegerArray first = new AtomicIntegerArray(new int[] {-1, -1}); // caller, helper
                team.forRange(8, (from, to) -> {
                    boolean isCaller = Thread.currentThread() == caller;
                    if (first.compareAndSet(isCaller ? 0 : 1, -1, from)) {
                        (isCaller ? callerStarted : helperStarted).countDown();
                        awaitQuietly(isCaller ? helperStarted : callerStarted);
                    }
                });
                assertThat(first.get(0)).as("the caller's first chunk, round %d", round).isEqualTo(0);
                assertThat(first.get(1)).as("the helper's first chunk, round %d", round).isEqualTo(4);
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).as("the other thread started").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aProfilingTeamCutsRegionsAsATeamOfThatSizeAndTimesThemOnTheCaller() {
        java.util.Set<String> real = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.Set<String> profiled = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.Set<Thread> profiledThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        RegionProfile profile = new RegionProfile(2);
        try (ThreadTeam team = ThreadTeam.of(2); ThreadTeam profiling = ThreadTeam.profiling(profile)) {
            assertThat(profiling.threads()).isEqualTo(2);
            assertThat(profiling.shares(4 * 64L * 784 * 128)).isEqualTo(team.shares(4 * 64L * 784 * 128));
            profile.startStep();
            for (int n : new int[] {1, 7, 8, 33}) {
                team.forRange(n, 2, (from, to) -> real.add(n + ":" + from + "-" + to));
                profiling.forRange(n, 2, (from, to) -> {
                    profiled.add(n + ":" + from + "-" + to);
                    profiledThreads.add(Thread.currentThread());
                });
            }
            profile.endStep();
        }
        assertThat(profiled).isEqualTo(real);
        assertThat(profiledThreads).containsExactly(Thread.currentThread());
        // n = 1 cannot be cut (one part: serial); 7, 8 and 33 can.
        assertThat(profile.splitRegions()).isEqualTo(3);
        assertThat(profile.steps()).isEqualTo(1);
        assertThat(profile.totalNanos()).isEqualTo(profile.serialNanos() + profile.splitNanos());
        assertThat(profile.modelledSplitNanos()).isBetween(profile.splitNanos() / 2, profile.splitNanos());
    }

    @Test
    void rejectsSillyThreadCounts() {
        assertThatThrownBy(() -> ThreadTeam.of(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
