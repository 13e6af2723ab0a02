package org.pouw.ml.federated;

import java.util.List;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;
import org.pouw.ml.wire.EncodingException;

/**
 * How the node combines the model updates of federated workers into one. {@link Mean} is the undefended
 * baseline; the others bound what a minority of poisoned updates can do:
 * <ul>
 *   <li>{@link CoordinateMedian} and {@link TrimmedMean} — D. Yin, Y. Chen, K. Ramchandran, P. Bartlett,
 *       "Byzantine-Robust Distributed Learning: Towards Optimal Statistical Rates", ICML 2018;</li>
 *   <li>{@link Krum} and {@link MultiKrum} — P. Blanchard, E. M. El Mhamdi, R. Guerraoui, J. Stainer,
 *       "Machine Learning with Adversaries: Byzantine Tolerant Gradient Descent", NeurIPS 2017.</li>
 * </ul>
 * All rules are deterministic: fixed summation orders in double precision, ties broken by worker index, NaN
 * ordered above every number (so a NaN-filled update is an outlier, never a median).
 */
public sealed interface AggregationRule permits Mean, CoordinateMedian, TrimmedMean, Krum, MultiKrum {
    /** Combines equally long update vectors, one per worker in worker order. */
    float[] aggregate(List<float[]> updates);

    /** The smallest number of updates the rule is defined for. */
    int minimumUpdates();

    void encodeTo(CanonicalWriter out);

    static AggregationRule decode(CanonicalReader in) {
        int tag = in.u8("aggregation rule");
        try {
            return switch (tag) {
                case 1 -> new Mean();
                case 2 -> new CoordinateMedian();
                case 3 -> new TrimmedMean(in.i32("trimmed per side"));
                case 4 -> new Krum(in.i32("krum byzantine"));
                case 5 -> new MultiKrum(in.i32("multi-krum byzantine"), in.i32("multi-krum selected"));
                default -> throw new EncodingException("aggregation rule: unknown tag " + tag);
            };
        } catch (IllegalArgumentException e) {
            throw new EncodingException("aggregation rule: " + e.getMessage());
        }
    }

    /** Checks the update list is non-empty, long enough for the rule, and of one dimension; returns the dimension. */
    static int checkUpdates(List<float[]> updates, int minimum) {
        if (updates.size() < Math.max(1, minimum)) {
            throw new IllegalArgumentException("rule needs at least " + Math.max(1, minimum) + " updates, got " + updates.size());
        }
        int dimension = updates.get(0).length;
        for (float[] update : updates) {
            if (update.length != dimension) {
                throw new IllegalArgumentException("updates differ in length: " + dimension + " and " + update.length);
            }
        }
        return dimension;
    }
}
