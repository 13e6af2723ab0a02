package org.pouw.pool.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The difficulty summary of {@code GET /pool/status}: nearest-rank percentiles of the last 1,024 credited shares. */
class RecentDifficultiesTest {
    @Test
    void beforeAnyShareEveryFigureIsZero() {
        assertThat(new RecentDifficulties().summary()).isEqualTo(new RecentDifficulties.Summary(0, 0, 0, 0));
    }

    @Test
    void oneShareIsItsOwnEveryPercentile() {
        RecentDifficulties recent = new RecentDifficulties();
        recent.add(64);
        assertThat(recent.summary()).isEqualTo(new RecentDifficulties.Summary(1, 64, 64, 64));
    }

    @Test
    void onlyTheLast1024SharesCountAndTheRanksAreNearest() {
        RecentDifficulties recent = new RecentDifficulties();
        for (long d = 1; d <= 2000; d++) {
            recent.add(d);
        }
        // Held: 977…2000. p50 is the 512th of 1,024, p99 the 1,014th (⌈0.99 × 1024⌉).
        assertThat(recent.summary()).isEqualTo(new RecentDifficulties.Summary(1024, 1488, 1990, 2000));
    }
}
