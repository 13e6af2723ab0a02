package org.pouw.chain.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.Blake3;
import org.pouw.ml.wire.Bytes32;

/**
 * The P(caught) table of docs/chain.md §5.2, checked by a seeded Monte-Carlo run of the real challenge draw
 * ({@link SegmentChallenge#windows}) against the formulas, with the defaults k_w = 8, w = 4 on segments of n = 500
 * leaves: bad steps spread at random are caught about as often as 1 − (1 − f)^(k_w·w) says, a cluster of bad steps
 * at least as often as 1 − (1 − f)^k_w, one spliced step about (k_w·w + 2)/(n − 1) of the time, and a splice at the
 * segment's first leaf or just before the winner always. Seeds are BLAKE3 of a counter: deterministic, never timed.
 */
class AuditCatchProbabilityTest {
    private static final AuditParameters DEFAULTS = AuditParameters.DEFAULTS;
    private static final int N = 500;
    private static final int TRIALS = 20_000;

    @Test
    void spreadBadStepsAreCaughtAsTheFormulaSays() {
        for (double f : List.of(0.25, 0.05)) {
            double measured = caught(f, false);
            double formula = 1 - Math.pow(1 - f, DEFAULTS.windows() * DEFAULTS.width());
            assertThat(measured).as("f = %s", f).isBetween(formula - 0.02, formula + 0.03);
        }
    }

    @Test
    void clusteredBadStepsAreCaughtAtLeastAsOftenAsTheBound() {
        for (double f : List.of(0.25, 0.05)) {
            double bound = 1 - Math.pow(1 - f, DEFAULTS.windows());
            assertThat(caught(f, true)).as("f = %s", f).isGreaterThanOrEqualTo(bound - 5 * sigma(bound));
        }
    }

    @Test
    void oneSplicedStepIsCaughtAboutAsOftenAsTheWindowsCover() {
        double formula = (DEFAULTS.windows() * DEFAULTS.width() + 2.0) / (N - 1);
        double measured = caught(1.0 / (N - 1), false);
        assertThat(measured).isBetween(formula - 0.012, formula + 5 * sigma(formula));
    }

    @Test
    void theFirstLeafAndTheLeafBeforeTheWinnerAreAlwaysOpened() {
        for (int trial = 0; trial < 2_000; trial++) {
            List<AuditWindow> windows = SegmentChallenge.windows(seed(trial), N, DEFAULTS);
            assertThat(covers(windows, 0)).isTrue();
            assertThat(covers(windows, N - 2)).isTrue();
            assertThat(covers(windows, N - 1)).as("the winner is replayed with its block").isFalse();
            assertThat(windows.stream().mapToInt(AuditWindow::width).sum()).isLessThanOrEqualTo(
                    DEFAULTS.maxOpenedSteps());
        }
    }

    /**
     * The fraction of trials in which a window covers a bad leaf: round(f·(n − 1)) bad leaves among the n − 1 audited
     * ones, either scattered uniformly or in one run at a uniform offset.
     */
    private static double caught(double f, boolean clustered) {
        SplittableRandom random = new SplittableRandom(7);
        int audited = N - 1;
        int bad = Math.max(1, (int) Math.round(f * audited));
        int hits = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            boolean[] isBad = new boolean[audited];
            if (clustered) {
                int offset = random.nextInt(audited - bad + 1);
                for (int i = 0; i < bad; i++) {
                    isBad[offset + i] = true;
                }
            } else {
                for (int placed = 0; placed < bad; ) {
                    int i = random.nextInt(audited);
                    if (!isBad[i]) {
                        isBad[i] = true;
                        placed++;
                    }
                }
            }
            boolean hit = false;
            for (AuditWindow window : SegmentChallenge.windows(seed(trial), N, DEFAULTS)) {
                for (int i = window.start(); i < window.end() && !hit; i++) {
                    hit = isBad[i];
                }
            }
            hits += hit ? 1 : 0;
        }
        return (double) hits / TRIALS;
    }

    private static boolean covers(List<AuditWindow> windows, int leaf) {
        return windows.stream().anyMatch(w -> w.start() <= leaf && leaf < w.end());
    }

    private static double sigma(double p) {
        return Math.sqrt(p * (1 - p) / TRIALS);
    }

    private static Bytes32 seed(int trial) {
        return Bytes32.of(Blake3.hash(ByteBuffer.allocate(4).putInt(trial).array()));
    }
}
