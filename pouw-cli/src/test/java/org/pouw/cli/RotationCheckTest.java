package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rotation check's rules (docs/operations.md, "Rotating the token secret"): safe exactly when every node accepts
 * what every other issues; each documented step, done on all nodes or part-way, is safe; a swap made before every
 * node accepts the new secret is not.
 */
class RotationCheckTest {
    private static RotationCheck.NodeSecrets node(String name, String issuing, String accepted) {
        return new RotationCheck.NodeSecrets(name, issuing, accepted);
    }

    @Test
    void one_secret_everywhere_is_steady() {
        RotationCheck check = RotationCheck.of(List.of(node("a", "old", null), node("b", "old", null)));
        assertThat(check.safe()).isTrue();
        assertThat(check.step()).startsWith("steady");
    }

    @Test
    void step_one_part_way_is_safe_but_says_not_to_swap_yet() {
        RotationCheck check = RotationCheck.of(List.of(node("a", "old", "new"), node("b", "old", null)));
        assertThat(check.safe()).isTrue();
        assertThat(check.step()).contains("1 of 2").contains("do not swap");
    }

    @Test
    void step_one_done_allows_the_swap() {
        RotationCheck check = RotationCheck.of(List.of(node("a", "old", "new"), node("b", "old", "new")));
        assertThat(check.safe()).isTrue();
        assertThat(check.step()).contains("step 2");
    }

    @Test
    void a_swap_part_way_is_safe_while_each_node_accepts_the_other() {
        RotationCheck check = RotationCheck.of(List.of(node("a", "new", "old"), node("b", "old", "new")));
        assertThat(check.safe()).isTrue();
        assertThat(check.step()).contains("step 2 under way");
    }

    @Test
    void a_swap_before_every_node_accepts_the_new_secret_is_unsafe_and_names_the_pair() {
        RotationCheck check = RotationCheck.of(List.of(node("a", "new", "old"), node("b", "old", null)));
        assertThat(check.safe()).isFalse();
        assertThat(check.problems()).containsExactly("b refuses the tokens a issues (secret new)");
    }

    @Test
    void dropping_the_old_secret_while_a_node_still_issues_with_it_is_unsafe() {
        RotationCheck check = RotationCheck.of(List.of(node("a", "new", null), node("b", "old", "new")));
        assertThat(check.safe()).isFalse();
        assertThat(check.problems()).containsExactly("a refuses the tokens b issues (secret old)");
    }
}
