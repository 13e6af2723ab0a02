package org.pouw.ml.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;

class AggregationRuleTest {
    private static final List<float[]> UPDATES = List.of(
            new float[] {1f, 10f}, new float[] {2f, 20f}, new float[] {3f, 30f}, new float[] {4f, 40f},
            new float[] {1000f, Float.NaN});

    @Test
    void meanIsMovedAnywhereByOneOutlier() {
        assertThat(new Mean().aggregate(UPDATES.subList(0, 4))).containsExactly(2.5f, 25f);
        assertThat(new Mean().aggregate(UPDATES)[0]).isEqualTo(202f);
    }

    @Test
    void medianAndTrimmedMeanIgnoreTheOutlierCoordinateWise() {
        assertThat(new CoordinateMedian().aggregate(UPDATES)).containsExactly(3f, 30f);
        assertThat(new CoordinateMedian().aggregate(UPDATES.subList(0, 4))).containsExactly(2.5f, 25f);
        assertThat(new TrimmedMean(1).aggregate(UPDATES)).containsExactly(3f, 30f);
        assertThatThrownBy(() -> new TrimmedMean(3).aggregate(UPDATES)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 7");
    }

    @Test
    void krumPicksTheMostCentralUpdateAndMultiKrumAveragesTheBest() {
        List<float[]> clustered = List.of(new float[] {0f, 0f}, new float[] {0.1f, 0f}, new float[] {0f, 0.1f},
                new float[] {0.1f, 0.1f}, new float[] {0.05f, 0.05f}, new float[] {50f, -50f}, new float[] {-80f, 3f});
        assertThat(new Krum(2).aggregate(clustered)).containsExactly(0.05f, 0.05f);
        float[] multi = new MultiKrum(2, 5).aggregate(clustered);
        assertThat(multi[0]).isCloseTo(0.05f, org.assertj.core.api.Assertions.within(1e-6f));
        assertThat(multi[1]).isCloseTo(0.05f, org.assertj.core.api.Assertions.within(1e-6f));
        assertThatThrownBy(() -> new Krum(3).aggregate(clustered)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 9");
    }

    @Test
    void rulesEncodeCanonically() {
        for (AggregationRule rule : List.of(new Mean(), new CoordinateMedian(), new TrimmedMean(2), new Krum(1), new MultiKrum(1, 3))) {
            CanonicalWriter out = new CanonicalWriter();
            rule.encodeTo(out);
            CanonicalReader in = new CanonicalReader(out.toByteArray());
            assertThat(AggregationRule.decode(in)).isEqualTo(rule);
            in.requireEnd("rule");
        }
    }
}
