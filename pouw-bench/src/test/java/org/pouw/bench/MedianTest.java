package org.pouw.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MedianTest {
    @Test
    void an_odd_count_gives_the_middle_value_in_both_forms() {
        double[] rounds = {9.0, 1.0, 5.0, 7.0, 3.0};
        assertThat(Median.of(rounds)).isEqualTo(5.0);
        assertThat(Median.upper(rounds)).isEqualTo(5.0);
        assertThat(Median.of(new double[] {4.5})).isEqualTo(4.5);
    }

    @Test
    void an_even_count_gives_the_mean_of_the_two_middle_values_or_the_upper_one() {
        double[] rounds = {8.0, 2.0, 6.0, 1.0};
        assertThat(Median.of(rounds)).isEqualTo(4.0);
        assertThat(Median.upper(rounds)).isEqualTo(6.0);
    }

    @Test
    void the_rounds_are_left_in_their_order() {
        double[] rounds = {3.0, 1.0, 2.0};
        Median.of(rounds);
        Median.upper(rounds);
        assertThat(rounds).containsExactly(3.0, 1.0, 2.0);
    }

    @Test
    void no_rounds_have_no_median() {
        assertThatThrownBy(() -> Median.of(new double[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Median.upper(new double[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
