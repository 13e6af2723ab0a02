package org.pouw.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;
import org.pouw.ml.wire.EncodingException;

class EvaluationTest {
    // actual 0: 8 right, 2 predicted as 1; actual 1: 5 right, 5 predicted as 0.
    private final Evaluation evaluation = new Evaluation(20, 0.5, new int[][] {{8, 2}, {5, 5}});

    @Test
    void accuracyPrecisionAndRecallFollowFromTheConfusionMatrix() {
        assertThat(evaluation.accuracy()).isEqualTo(13 / 20.0);
        assertThat(evaluation.precision(0)).isCloseTo(8 / 13.0, within(1e-12));
        assertThat(evaluation.recall(0)).isCloseTo(0.8, within(1e-12));
        assertThat(evaluation.precision(1)).isCloseTo(5 / 7.0, within(1e-12));
        assertThat(evaluation.recall(1)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void encodingRoundTripsAndRejectsInconsistentCounts() {
        CanonicalWriter out = new CanonicalWriter();
        evaluation.encodeTo(out);
        assertThat(Evaluation.decode(new CanonicalReader(out.toByteArray()))).isEqualTo(evaluation);
        CanonicalWriter bad = new CanonicalWriter();
        new Evaluation(21, 0.5, new int[][] {{8, 2}, {5, 5}}).encodeTo(bad);
        assertThatThrownBy(() -> Evaluation.decode(new CanonicalReader(bad.toByteArray())))
                .isInstanceOf(EncodingException.class).hasMessageContaining("samples");
    }

    @Test
    void argmaxTakesTheFirstMaximumAndNeverNan() {
        assertThat(Evaluator.argmax(new float[] {1f, 3f, 3f})).isEqualTo(1);
        assertThat(Evaluator.argmax(new float[] {Float.NaN, 0f, -1f})).isEqualTo(1);
        assertThat(Evaluator.argmax(new float[] {Float.NaN, Float.NaN})).isEqualTo(0);
    }
}
