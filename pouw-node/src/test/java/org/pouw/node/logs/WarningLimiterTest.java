package org.pouw.node.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;

/** The warning limit turned by a settable clock: N a window, the rest counted and reported on the next one written. */
class WarningLimiterTest {
    final SettableClock clock = new SettableClock(1_000_000L);
    final WarningLimiter limiter = new WarningLimiter(clock, 3, 60_000);

    @Test
    void the_same_warning_is_written_n_times_an_interval_and_the_next_one_carries_the_count_held_back() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.admit("a")).isEqualTo(new WarningLimiter.Verdict(true, 0));
        }
        for (int i = 0; i < 7; i++) {
            assertThat(limiter.admit("a").write()).isFalse();
        }
        clock.advance(59_999);
        assertThat(limiter.admit("a").write()).as("still the first interval").isFalse();
        clock.advance(1);
        assertThat(limiter.admit("a")).as("a new interval: written, with the 8 held back")
                .isEqualTo(new WarningLimiter.Verdict(true, 8));
        assertThat(limiter.admit("a")).isEqualTo(new WarningLimiter.Verdict(true, 0));
    }

    @Test
    void other_warnings_have_their_own_allowance() {
        for (int i = 0; i < 5; i++) {
            limiter.admit("a");
        }
        assertThat(limiter.admit("b").write()).isTrue();
    }

    @Test
    void a_clock_set_back_starts_a_new_interval_rather_than_silencing_for_ever() {
        for (int i = 0; i < 4; i++) {
            limiter.admit("a");
        }
        clock.set(0);
        assertThat(limiter.admit("a")).isEqualTo(new WarningLimiter.Verdict(true, 1));
    }

    @Test
    void warnings_that_differ_only_in_ids_and_numbers_are_one_warning() {
        String one = WarningLimiter.key("org.pouw.x", "C", "m", "job 3f9a0c1d22 failed after 3 tries");
        String two = WarningLimiter.key("org.pouw.x", "C", "m", "job 77be01aa90 failed after 12 tries");
        assertThat(one).isEqualTo(two);
        assertThat(WarningLimiter.key("org.pouw.x", "C", "m", "the database is down")).isNotEqualTo(one);
        assertThat(WarningLimiter.key("org.pouw.y", "C", "m", "job 3f9a0c1d22 failed after 3 tries"))
                .as("another logger").isNotEqualTo(one);
    }

    @Test
    void endlessly_varied_warnings_are_forgotten_oldest_first_so_memory_stays_bounded() {
        for (int i = 0; i < 3; i++) {
            limiter.admit("first");
        }
        assertThat(limiter.admit("first").write()).isFalse();
        for (int i = 0; i < WarningLimiter.MAX_KEYS; i++) {
            limiter.admit("other-" + i);
        }
        assertThat(limiter.admit("first").write()).as("forgotten, so counted afresh").isTrue();
    }
}
