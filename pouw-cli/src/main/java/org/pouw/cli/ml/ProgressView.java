package org.pouw.cli.ml;

/**
 * How a training run shows its progress. The run asks {@link #due} after every step (it must be cheap) and
 * only then measures the probe accuracy and calls {@link #show}; {@link #finish} is called once after the
 * last step.
 */
interface ProgressView {
    boolean due(long stepsDone, long nowNanos);

    void show(Progress progress);

    void finish(Progress progress);
}
