package org.pouw.ml.federated;

import java.util.List;
import org.pouw.ml.wire.CanonicalWriter;

/**
 * Multi-Krum (Blanchard et al., NeurIPS 2017, §4 "Multi-Krum"): averages the {@code selected} updates with the
 * lowest {@link KrumScores scores} — Krum's resilience with much of averaging's variance reduction.
 */
public record MultiKrum(int byzantine, int selected) implements AggregationRule {
    public MultiKrum {
        if (byzantine < 0 || byzantine > 1 << 20) {
            throw new IllegalArgumentException("byzantine must be in [0, 2^20], got " + byzantine);
        }
        if (selected < 1 || selected > 1 << 20) {
            throw new IllegalArgumentException("selected must be in [1, 2^20], got " + selected);
        }
    }

    @Override
    public float[] aggregate(List<float[]> updates) {
        int dimension = AggregationRule.checkUpdates(updates, minimumUpdates());
        KrumScores.requireEnough(updates.size(), byzantine);
        if (selected > updates.size() - byzantine) {
            throw new IllegalArgumentException("multi-krum may select at most n − f = " + (updates.size() - byzantine)
                    + " updates, configured " + selected);
        }
        Integer[] ranking = KrumScores.ranking(updates, byzantine);
        // Average the chosen updates in worker order, not rank order, so the sum's order is fixed by the set alone.
        boolean[] chosen = new boolean[updates.size()];
        for (int i = 0; i < selected; i++) {
            chosen[ranking[i]] = true;
        }
        float[] out = new float[dimension];
        for (int j = 0; j < dimension; j++) {
            double sum = 0.0;
            for (int w = 0; w < chosen.length; w++) {
                if (chosen[w]) {
                    sum += updates.get(w)[j];
                }
            }
            out[j] = (float) (sum / selected);
        }
        return out;
    }

    @Override
    public int minimumUpdates() {
        return Math.max(2 * byzantine + 3, selected + byzantine);
    }

    @Override
    public void encodeTo(CanonicalWriter out) {
        out.u8(5).i32(byzantine).i32(selected);
    }
}
