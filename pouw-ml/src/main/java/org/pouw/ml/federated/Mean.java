package org.pouw.ml.federated;

import java.util.List;
import org.pouw.ml.wire.CanonicalWriter;

/** Plain federated averaging (no defence): one update scaled up by a large factor moves the mean anywhere. */
public record Mean() implements AggregationRule {
    @Override
    public float[] aggregate(List<float[]> updates) {
        int dimension = AggregationRule.checkUpdates(updates, 1);
        float[] out = new float[dimension];
        for (int j = 0; j < dimension; j++) {
            double sum = 0.0;
            for (float[] update : updates) {
                sum += update[j];
            }
            out[j] = (float) (sum / updates.size());
        }
        return out;
    }

    @Override
    public int minimumUpdates() {
        return 1;
    }

    @Override
    public void encodeTo(CanonicalWriter out) {
        out.u8(1);
    }
}
