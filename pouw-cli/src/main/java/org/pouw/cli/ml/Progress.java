package org.pouw.cli.ml;

/**
 * Where a training run stands: steps done of all, the epoch, the mean loss of the steps since the previous
 * report, the accuracy on a fixed probe of held-out records (NaN before the first measurement), the step rate
 * since the start, and the estimated seconds left.
 */
record Progress(long step, long steps, long epoch, long epochs, double loss, double accuracy, double stepsPerSecond,
                double etaSeconds) {
    double fraction() {
        return steps == 0 ? 1.0 : (double) step / steps;
    }

    boolean done() {
        return step == steps;
    }
}
