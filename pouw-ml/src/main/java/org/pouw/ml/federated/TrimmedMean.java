package org.pouw.ml.federated;

import java.util.Arrays;
import java.util.List;
import org.pouw.ml.wire.CanonicalWriter;

/**
 * Coordinate-wise trimmed mean (Yin et al., ICML 2018, Algorithm 1 option II, with β·n = {@code trimmed}): per
 * coordinate, drop the {@code trimmed} largest and {@code trimmed} smallest values and average the rest. Tolerates
 * up to {@code trimmed} poisoned updates.
 */
public record TrimmedMean(int trimmed) implements AggregationRule {
    public TrimmedMean {
        if (trimmed < 0 || trimmed > 1 << 20) {
            throw new IllegalArgumentException("trimmed per side must be in [0, 2^20], got " + trimmed);
        }
    }

    @Override
    public float[] aggregate(List<float[]> updates) {
        int dimension = AggregationRule.checkUpdates(updates, minimumUpdates());
        int n = updates.size();
        float[] column = new float[n];
        float[] out = new float[dimension];
        int kept = n - 2 * trimmed;
        for (int j = 0; j < dimension; j++) {
            for (int i = 0; i < n; i++) {
                column[i] = updates.get(i)[j];
            }
            Arrays.sort(column);
            double sum = 0.0;
            for (int i = trimmed; i < n - trimmed; i++) {
                sum += column[i];
            }
            out[j] = (float) (sum / kept);
        }
        return out;
    }

    @Override
    public int minimumUpdates() {
        return 2 * trimmed + 1;
    }

    @Override
    public void encodeTo(CanonicalWriter out) {
        out.u8(3).i32(trimmed);
    }
}
