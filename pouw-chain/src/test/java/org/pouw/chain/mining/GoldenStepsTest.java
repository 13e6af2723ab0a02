package org.pouw.chain.mining;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.ml.tensor.ThreadTeam;

/** The start-up self-check (docs/chain.md §9): the golden steps replay to their published values, or it refuses. */
class GoldenStepsTest {
    @Test
    void theGoldenStepsReplayToThePublishedValuesOnOneAndTwoThreads() {
        GoldenStepVerdict single = GoldenSteps.check(ThreadTeam.single());
        assertThat(single.passed()).as(single.reason()).isTrue();
        assertThat(single.reason()).isEmpty();
        try (ThreadTeam two = ThreadTeam.of(2)) {
            GoldenStepVerdict verdict = GoldenSteps.check(two);
            assertThat(verdict.passed()).as(verdict.reason()).isTrue();
        }
    }

    @Test
    void everyCaseEarnsTicketsAndIsAcceptedByTheValidatorsReplay() {
        for (String line : GoldenSteps.PUBLISHED) {
            String[] fields = line.split(" ");
            if (fields[1].equals("step")) {
                assertThat(Long.parseLong(fields[6])).as(line).isPositive();
                assertThat(Integer.parseInt(fields[7])).as(line).isPositive();
            } else {
                assertThat(line).endsWith(" replay accepted");
            }
        }
        assertThat(GoldenSteps.PUBLISHED).hasSize(GoldenStepCases.all().size() * (GoldenSteps.STEPS + 1));
    }

    @Test
    void oneFlippedPublishedValueMakesTheNodeRefuseToValidate() {
        List<String> replayed = GoldenSteps.replay(ThreadTeam.single());
        for (int field = 0; field < GoldenSteps.FIELDS.size(); field++) {
            List<String> published = new ArrayList<>(GoldenSteps.PUBLISHED);
            String[] parts = published.get(4).split(" ");
            parts[2 + field] = flipped(parts[2 + field]);
            published.set(4, String.join(" ", parts));

            GoldenStepVerdict verdict = GoldenSteps.compare(published, replayed);

            assertThat(verdict.passed()).isFalse();
            assertThat(verdict.differences()).hasSize(1);
            assertThat(verdict.reason()).startsWith("golden training steps differ on this JVM, refusing to validate: "
                    + parts[0] + " step ").contains(GoldenSteps.FIELDS.get(field) + " is ");
        }
    }

    @Test
    void aMissingOrRefusedReplayIsADifferenceToo() {
        List<String> replayed = GoldenSteps.replay(ThreadTeam.single());
        assertThat(GoldenSteps.compare(GoldenSteps.PUBLISHED, replayed.subList(0, replayed.size() - 1)).passed())
                .isFalse();
        List<String> refused = new ArrayList<>(replayed);
        refused.set(3, refused.get(3).replace("accepted", "refused END_STATE_MISMATCH"));
        GoldenStepVerdict verdict = GoldenSteps.compare(GoldenSteps.PUBLISHED, refused);
        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.reason()).contains("refused END_STATE_MISMATCH");
    }

    /** The value with its last character changed: another hex digit, or another decimal digit. */
    private static String flipped(String value) {
        char last = value.charAt(value.length() - 1);
        return value.substring(0, value.length() - 1) + (last == '0' ? '1' : '0');
    }
}
