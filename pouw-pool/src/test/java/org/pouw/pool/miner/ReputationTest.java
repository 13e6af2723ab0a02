package org.pouw.pool.miner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;

/**
 * Reputation by work on a settable clock (issue 23 §3): probation, decay, the invalid-rate throttle and the timed
 * ban, for a proven miner only.
 */
class ReputationTest {
    private final SettableClock clock = new SettableClock(1_760_000_000_000L);
    private final Miners miners = new Miners(VardiffSettings.defaults(1), ReputationSettings.defaults(), clock);

    private void valid(String miner, int shares) {
        for (int i = 0; i < shares; i++) {
            clock.advance(15_000);
            miners.accepted(miner, miners.required(miner));
        }
    }

    @Test
    void aMinerLeavesProbationAfterTenValidShares() {
        valid("m", 9);
        assertThat(miners.standing("m").orElseThrow().probation()).isTrue();
        valid("m", 1);
        assertThat(miners.standing("m").orElseThrow().probation()).isFalse();
        assertThat(miners.standing("m").orElseThrow().reputation()).isEqualTo(1.0);
    }

    @Test
    void mostlyInvalidSharesThrottleThenBanForATime() {
        valid("m", 10);
        for (int i = 0; i < 11; i++) {
            miners.invalid("m");
        }
        assertThat(miners.admit("m")).isEqualTo(Miners.Admission.THROTTLED);
        clock.advance(ReputationSettings.defaults().throttleMs());
        assertThat(miners.admit("m")).isEqualTo(Miners.Admission.OPEN);
        // The second and third throttles in the window: the third is a ban.
        miners.invalid("m");
        assertThat(miners.admit("m")).isEqualTo(Miners.Admission.THROTTLED);
        clock.advance(ReputationSettings.defaults().throttleMs());
        miners.invalid("m");
        assertThat(miners.admit("m")).isEqualTo(Miners.Admission.BANNED);
        clock.advance(ReputationSettings.defaults().banMs());
        assertThat(miners.admit("m")).isNotEqualTo(Miners.Admission.BANNED);
    }

    @Test
    void badSharesWeighLessAsTheyAge() {
        valid("m", 10);
        for (int i = 0; i < 5; i++) {
            miners.invalid("m");
        }
        double fresh = miners.standing("m").orElseThrow().reputation();
        clock.advance(3 * ReputationSettings.defaults().halfLifeMs());
        valid("m", 5);
        assertThat(miners.standing("m").orElseThrow().reputation()).isGreaterThan(fresh);
    }
}
