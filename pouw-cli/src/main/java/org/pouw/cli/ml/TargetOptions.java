package org.pouw.cli.ml;

import org.pouw.ml.task.TargetMetric;
import picocli.CommandLine.Option;

/** The quality a task asks for on its held-out set: exactly one of an accuracy floor or a loss ceiling. */
final class TargetOptions {
    @Option(names = "--target-accuracy", paramLabel = "X", description = "held-out accuracy wanted, in [0, 1]")
    Double targetAccuracy;

    @Option(names = "--target-loss", paramLabel = "X", description = "held-out mean loss wanted (instead of an accuracy)")
    Double targetLoss;

    TargetMetric target() {
        if ((targetAccuracy == null) == (targetLoss == null)) {
            throw new BadOption("--target-accuracy", "give exactly one of --target-accuracy and --target-loss");
        }
        if (targetAccuracy != null) {
            BadOption.require(targetAccuracy >= 0 && targetAccuracy <= 1, "--target-accuracy", "in [0, 1]", targetAccuracy);
            return TargetMetric.accuracyAtLeast(targetAccuracy);
        }
        BadOption.require(Double.isFinite(targetLoss) && targetLoss >= 0, "--target-loss", "finite and >= 0", targetLoss);
        return new TargetMetric(TargetMetric.Metric.LOSS, targetLoss);
    }

    static String describe(TargetMetric target) {
        return target.metric() == TargetMetric.Metric.ACCURACY
                ? "accuracy >= " + target.threshold()
                : "loss <= " + target.threshold();
    }
}
