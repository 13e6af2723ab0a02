package org.pouw.ml.federated;

import java.util.Arrays;
import java.util.List;
import org.pouw.ml.wire.CanonicalWriter;

/**
 * Coordinate-wise median (Yin et al., ICML 2018, Algorithm 1 option I): each coordinate of the result is the
 * median of that coordinate over the updates (the mean of the two middle values for an even count). Fewer than
 * half poisoned updates cannot push any coordinate outside the range of the honest values.
 */
public record CoordinateMedian() implements AggregationRule {
    @Override
    public float[] aggregate(List<float[]> updates) {
        int dimension = AggregationRule.checkUpdates(updates, 1);
        int n = updates.size();
        float[] column = new float[n];
        float[] out = new float[dimension];
        for (int j = 0; j < dimension; j++) {
            for (int i = 0; i < n; i++) {
                column[i] = updates.get(i)[j];
            }
            Arrays.sort(column); // Float total order: −0 < +0, NaN last.
            out[j] = n % 2 == 1 ? column[n / 2] : (float) (((double) column[n / 2 - 1] + column[n / 2]) / 2.0);
        }
        return out;
    }

    @Override
    public int minimumUpdates() {
        return 1;
    }

    @Override
    public void encodeTo(CanonicalWriter out) {
        out.u8(2);
    }
}
