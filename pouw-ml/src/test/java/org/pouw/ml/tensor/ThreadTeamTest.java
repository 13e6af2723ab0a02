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
    void rejectsSillyThreadCounts() {
        assertThatThrownBy(() -> ThreadTeam.of(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
