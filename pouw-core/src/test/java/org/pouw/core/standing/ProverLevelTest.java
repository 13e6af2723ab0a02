package org.pouw.core.standing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pouw.core.market.Reputation;

class ProverLevelTest {
    @Test
    void levels_follow_the_standing_then_the_score() {
        assertThat(ProverLevel.of(Standing.QUARANTINED, 1000)).isEqualTo(ProverLevel.QUARANTINED);
        assertThat(ProverLevel.of(Standing.NEW, 0)).isEqualTo(ProverLevel.PROBATION);
        assertThat(ProverLevel.of(Standing.PROBATION, 1000)).as("leaving quarantine: probation, whatever the score")
                .isEqualTo(ProverLevel.PROBATION);
        assertThat(ProverLevel.of(Standing.GOOD, 699)).isEqualTo(ProverLevel.PROBATION);
        assertThat(ProverLevel.of(Standing.GOOD, 700)).isEqualTo(ProverLevel.ESTABLISHED);
        assertThat(ProverLevel.of(Standing.GOOD, 899)).isEqualTo(ProverLevel.ESTABLISHED);
        assertThat(ProverLevel.of(Standing.GOOD, 900)).isEqualTo(ProverLevel.TRUSTED);
        assertThat(ProverLevel.QUARANTINED).isLessThan(ProverLevel.PROBATION);
        assertThat(ProverLevel.PROBATION).isLessThan(ProverLevel.ESTABLISHED);
        assertThat(ProverLevel.ESTABLISHED).isLessThan(ProverLevel.TRUSTED);
    }

    @Test
    void the_thresholds_take_nine_and_thirty_five_flawless_results() {
        assertThat(Reputation.permille(8, 0)).isLessThan(ProverLevel.ESTABLISHED_PERMILLE);
        assertThat(Reputation.permille(9, 0)).isGreaterThanOrEqualTo(ProverLevel.ESTABLISHED_PERMILLE);
        assertThat(Reputation.permille(34, 0)).isLessThan(ProverLevel.TRUSTED_PERMILLE);
        assertThat(Reputation.permille(35, 0)).isGreaterThanOrEqualTo(ProverLevel.TRUSTED_PERMILLE);
        assertThat(Reputation.permille(9, 1)).as("one failure in ten").isLessThan(ProverLevel.ESTABLISHED_PERMILLE);
    }

    @Test
    void a_score_outside_the_range_is_refused() {
        assertThatThrownBy(() -> ProverLevel.of(Standing.GOOD, 1001)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProverLevel.of(Standing.GOOD, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
