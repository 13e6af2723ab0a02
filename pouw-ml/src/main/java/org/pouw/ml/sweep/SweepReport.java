package org.pouw.ml.sweep;

import java.util.ArrayList;
import java.util.List;
import org.pouw.ml.InvalidSpecException;
import org.pouw.ml.task.TargetMetric;

/**
 * A sweep's summary: per configuration the mean and the sample standard deviation (n − 1; 0 for one fold) of the
 * held-out metric over its folds, summed in fold order in double, and the best configuration — highest mean
 * accuracy, or lowest mean loss, ties to the lower index.
 */
public record SweepReport(TargetMetric.Metric metric, List<Row> rows, int best) {
    public record Row(int configuration, double mean, double deviation, double[] perFold) {
    }

    /** {@code scores[c][f]}: the held-out metric of configuration c on fold f. */
    public static SweepReport of(TargetMetric.Metric metric, double[][] scores) {
        InvalidSpecException.require(scores.length >= 1, "scores", "at least one configuration", scores.length);
        List<Row> rows = new ArrayList<>();
        int best = 0;
        for (int c = 0; c < scores.length; c++) {
            double[] folds = scores[c].clone();
            InvalidSpecException.require(folds.length == scores[0].length && folds.length >= 1, "scores[" + c + "]",
                    scores[0].length + " folds", folds.length);
            double sum = 0.0;
            for (double s : folds) {
                sum += s;
            }
            double mean = sum / folds.length;
            double squares = 0.0;
            for (double s : folds) {
                squares += (s - mean) * (s - mean);
            }
            double deviation = folds.length == 1 ? 0.0 : Math.sqrt(squares / (folds.length - 1));
            rows.add(new Row(c, mean, deviation, folds));
            double bestMean = rows.get(best).mean();
            if (metric == TargetMetric.Metric.ACCURACY ? mean > bestMean : mean < bestMean) {
                best = c;
            }
        }
        return new SweepReport(metric, List.copyOf(rows), best);
    }
}
