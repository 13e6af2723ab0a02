package org.pouw.ml.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void rejectsSillyThreadCounts() {
        assertThatThrownBy(() -> ThreadTeam.of(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
