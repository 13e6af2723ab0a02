package org.pouw.ml.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pouw.ml.InvalidSpecException;

/**
 * The seeded random search: a golden draw (so tomorrow's code and any JVM draw today's configurations), the same seed
 * giving the same configurations and another seed others, every value inside its axis, and refusals naming the field.
 */
class RandomSearchTest {
    private static final List<RandomSearch.Axis> AXES = List.of(
            new RandomSearch.FloatRange("learning_rate", 0.001, 0.3, true),
            new RandomSearch.FloatRange("momentum", 0.5, 0.99, false),
            new RandomSearch.IntRange("warmup_steps", 0, 10),
            new RandomSearch.Choices("batch", List.of(8, 16, 32)));

    @Test
    void seed_42_draws_these_four_configurations() {
        List<Map<String, Number>> drawn = RandomSearch.draw(AXES, 4, 42);

        assertThat(drawn).containsExactly(
                Map.of("learning_rate", 0.038595572f, "momentum", 0.81044525f, "warmup_steps", 0L, "batch", 32),
                Map.of("learning_rate", 0.0031377256f, "momentum", 0.6037792f, "warmup_steps", 2L, "batch", 16),
                Map.of("learning_rate", 0.011234675f, "momentum", 0.8188017f, "warmup_steps", 4L, "batch", 16),
                Map.of("learning_rate", 0.00908858f, "momentum", 0.8697683f, "warmup_steps", 2L, "batch", 16));
        assertThat(drawn.getFirst().keySet()).as("in the axes' order")
                .containsExactly("learning_rate", "momentum", "warmup_steps", "batch");
    }

    @Test
    void the_same_seed_draws_the_same_configurations_and_a_longer_draw_begins_with_a_shorter_one() {
        assertThat(RandomSearch.draw(AXES, 16, 7)).isEqualTo(RandomSearch.draw(AXES, 16, 7));
        assertThat(RandomSearch.draw(AXES, 16, 7).subList(0, 5)).isEqualTo(RandomSearch.draw(AXES, 5, 7));
        assertThat(RandomSearch.draw(AXES, 16, 8)).isNotEqualTo(RandomSearch.draw(AXES, 16, 7));
    }

    @Test
    void every_value_lies_inside_its_axis() {
        for (Map<String, Number> configuration : RandomSearch.draw(AXES, 64, -3)) {
            assertThat(configuration.get("learning_rate").floatValue()).isBetween(0.001f, 0.3f);
            assertThat(configuration.get("momentum").floatValue()).isBetween(0.5f, 0.99f);
            assertThat(configuration.get("warmup_steps").longValue()).isBetween(0L, 10L);
            assertThat(configuration.get("batch")).isIn(8, 16, 32);
        }
    }

    @Test
    void bad_spaces_are_refused_naming_the_setting() {
        assertThatThrownBy(() -> new RandomSearch.FloatRange("learning_rate", 0.3, 0.001, false))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("learning_rate");
        assertThatThrownBy(() -> new RandomSearch.FloatRange("weight_decay", 0, 0.1, true))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("weight_decay.min");
        assertThatThrownBy(() -> new RandomSearch.Choices("batch", List.of()))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("batch");
        assertThatThrownBy(() -> RandomSearch.draw(AXES, 65, 1))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("search count");
        assertThatThrownBy(() -> RandomSearch.draw(List.of(AXES.get(0), AXES.get(0)), 2, 1))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("distinct");
    }
}
