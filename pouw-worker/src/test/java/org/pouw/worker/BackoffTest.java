package org.pouw.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void delaysDoubleWithinJitterBoundsUpToTheCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), new SplittableRandom(7));
        long[] ceilings = {100, 200, 400, 800, 1000, 1000, 1000};
        for (long ceiling : ceilings) {
            long delay = backoff.next().toMillis();
            assertThat(delay).isBetween(ceiling / 2, ceiling);
        }
    }

    @Test
    void resetStartsAgainFromTheInitialDelay() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(60), new SplittableRandom(1));
        for (int i = 0; i < 10; i++) {
            backoff.next();
        }
        backoff.reset();
        assertThat(backoff.next().toMillis()).isBetween(50L, 100L);
    }

    @Test
    void neverOverflowsNorDropsToZeroAfterManyMisses() {
        Backoff backoff = new Backoff(Duration.ofMillis(1), Duration.ofDays(365), new SplittableRandom(3));
        for (int i = 0; i < 1000; i++) {
            Duration delay = backoff.next();
            assertThat(delay).isPositive().isLessThanOrEqualTo(Duration.ofDays(365));
        }
    }

    @Test
    void rejectsSettingsThatWouldHotLoop() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), new SplittableRandom()))
                .hasMessageContaining("initial backoff must be > 0");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), new SplittableRandom()))
                .hasMessageContaining("below initial");
    }
}
