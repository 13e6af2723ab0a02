package org.pouw.ml.federated;

import java.util.List;
import org.pouw.ml.wire.CanonicalWriter;

/**
 * Krum (Blanchard et al., NeurIPS 2017, §4): picks the single update with the lowest {@link KrumScores score},
 * tolerating up to {@code byzantine} poisoned updates among n ≥ 2f + 3.
 */
public record Krum(int byzantine) implements AggregationRule {
    public Krum {
        if (byzantine < 0 || byzantine > 1 << 20) {
            throw new IllegalArgumentException("byzantine must be in [0, 2^20], got " + byzantine);
        }
    }

    @Override
    public float[] aggregate(List<float[]> updates) {
        AggregationRule.checkUpdates(updates, minimumUpdates());
        KrumScores.requireEnough(updates.size(), byzantine);
        return updates.get(KrumScores.ranking(updates, byzantine)[0]).clone();
    }

    @Override
    public int minimumUpdates() {
        return 2 * byzantine + 3;
    }

    @Override
    public void encodeTo(CanonicalWriter out) {
        out.u8(4).i32(byzantine);
    }
}
