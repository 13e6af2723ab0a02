package org.pouw.core.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pouw.core.PouwException;

/**
 * The bounds of training progress (issue 29) that need no node: the spacing between a lease's reports, which keeps a
 * long run's events logarithmic in its length, and the checks on a report's figures. The route itself is
 * TrainingProgressRouteTest's (pouw-node).
 */
class TrainingProgressTest {
    @Test
    void the_spacing_doubles_every_120_reports_up_to_its_cap() {
        assertThat(TrainingProgress.interval(0)).isEqualTo(1_000);
        assertThat(TrainingProgress.interval(119)).isEqualTo(1_000);
        assertThat(TrainingProgress.interval(120)).isEqualTo(2_000);
        assertThat(TrainingProgress.interval(240)).isEqualTo(4_000);
        assertThat(TrainingProgress.interval(1_199)).isEqualTo(512_000);
        assertThat(TrainingProgress.interval(1_200)).isEqualTo(TrainingProgress.LONGEST_INTERVAL_MS);
        assertThat(TrainingProgress.interval(Integer.MAX_VALUE)).isEqualTo(TrainingProgress.LONGEST_INTERVAL_MS);
        // A day of training at the pace allowed: under 1,500 events, where one a second would be 86,400.
        long elapsed = 0;
        int reports = 0;
        while (elapsed < 86_400_000L) {
            elapsed += TrainingProgress.interval(reports++);
        }
        assertThat(reports).isLessThan(1_500);
    }

    @Test
    void a_report_names_its_first_bad_field() {
        assertThat(new TrainingProgress.Report(1, 0, null).step()).isEqualTo(1);
        assertThat(new TrainingProgress.Report(TrainingProgress.MAX_STEP, 1e9, 1.0).accuracy()).isEqualTo(1.0);
        assertBad(() -> new TrainingProgress.Report(0, 1, null), "step");
        assertBad(() -> new TrainingProgress.Report(TrainingProgress.MAX_STEP + 1, 1, null), "step");
        assertBad(() -> new TrainingProgress.Report(1, Double.NaN, null), "loss");
        assertBad(() -> new TrainingProgress.Report(1, Double.POSITIVE_INFINITY, null), "loss");
        assertBad(() -> new TrainingProgress.Report(1, -1e-9, null), "loss");
        assertBad(() -> new TrainingProgress.Report(1, 1, -0.1), "accuracy");
        assertBad(() -> new TrainingProgress.Report(1, 1, Double.NaN), "accuracy");
    }

    private static void assertBad(Runnable report, String field) {
        assertThatThrownBy(report::run).isInstanceOfSatisfying(PouwException.class,
                e -> assertThat(e.field()).isEqualTo(field));
    }
}
