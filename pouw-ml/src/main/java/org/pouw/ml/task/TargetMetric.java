package org.pouw.ml.task;

import org.pouw.ml.InvalidSpecException;
import org.pouw.ml.train.Evaluation;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;
import org.pouw.ml.wire.EncodingException;

/**
 * The quality a client asks for, judged on the held-out set: accuracy at least {@code threshold}, or mean loss
 * at most {@code threshold}. Whether it was met is recorded with the verdict; see docs/ml.md for why missing it does
 * not by itself void verified work.
 */
public record TargetMetric(Metric metric, double threshold) {
    public enum Metric {
        ACCURACY,
        LOSS
    }

    public TargetMetric {
        InvalidSpecException.require(metric != null, "target metric", "set", null);
        InvalidSpecException.require(Double.isFinite(threshold) && threshold >= 0, "target threshold", "finite and >= 0", threshold);
        if (metric == Metric.ACCURACY) {
            InvalidSpecException.require(threshold <= 1.0, "accuracy target", "at most 1", threshold);
        }
    }

    public static TargetMetric accuracyAtLeast(double threshold) {
        return new TargetMetric(Metric.ACCURACY, threshold);
    }

    public static TargetMetric lossAtMost(double threshold) {
        return new TargetMetric(Metric.LOSS, threshold);
    }

    public boolean isMetBy(Evaluation evaluation) {
        return switch (metric) {
            case ACCURACY -> evaluation.accuracy() >= threshold;
            case LOSS -> evaluation.meanLoss() <= threshold;
        };
    }

    void encodeTo(CanonicalWriter out) {
        out.u8(metric.ordinal()).f64(threshold);
    }

    static TargetMetric decode(CanonicalReader in) {
        int ordinal = in.u8("target metric");
        if (ordinal >= Metric.values().length) {
            throw new EncodingException("target metric: unknown ordinal " + ordinal);
        }
        double threshold = in.f64("target threshold");
        try {
            return new TargetMetric(Metric.values()[ordinal], threshold);
        } catch (InvalidSpecException e) {
            throw new EncodingException(e.getMessage());
        }
    }
}
