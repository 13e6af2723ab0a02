package org.pouw.p2p.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ByteBudgetsTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-06T00:00:00Z"));

    @Test
    void theBurstIsSpentThenRefilledByTheClockPerPeer() {
        ByteBudgets budgets = new ByteBudgets(1_000, 4_000, now::get);

        assertThat(budgets.trySpend("a", 3_000)).isTrue();
        assertThat(budgets.trySpend("a", 1_000)).isTrue();
        assertThat(budgets.trySpend("a", 1)).isFalse();
        assertThat(budgets.trySpend("b", 4_000)).as("each peer has its own budget").isTrue();

        now.set(now.get().plus(Duration.ofMillis(500)));
        assertThat(budgets.trySpend("a", 501)).isFalse();
        assertThat(budgets.trySpend("a", 500)).isTrue();

        now.set(now.get().plus(Duration.ofHours(1)));
        assertThat(budgets.trySpend("a", 4_001)).as("never more than the burst").isFalse();
        assertThat(budgets.trySpend("a", 4_000)).isTrue();
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> new ByteBudgets(0, 10, now::get)).hasMessageContaining("bytes_per_second");
        assertThatThrownBy(() -> new ByteBudgets(10, 5, now::get)).hasMessageContaining("burst_bytes");
    }
}
