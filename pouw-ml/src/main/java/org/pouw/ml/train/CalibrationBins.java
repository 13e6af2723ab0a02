package org.pouw.ml.train;

/**
 * Expected calibration error (Guo, Pleiss, Sun, Weinberger, "On Calibration of Modern Neural Networks", ICML 2017):
 * samples go to {@code bins} equal-width bins by their confidence (the largest softmax probability), bin b holding
 * confidences in (b/M, (b+1)/M] (a confidence of exactly 0 cannot occur); ECE = Σ_b (n_b / N)·|accuracy_b −
 * mean confidence_b|. The softmax subtracts the row's maximum and takes {@link StrictMath#exp} in double, summed in
 * ascending class order; bins are filled in sample order and summed in bin order, so the figure is the same bits
 * everywhere.
 */
public final class CalibrationBins {
    public static final int DEFAULT_BINS = 15;

    private final long[] counts;
    private final long[] correct;
    private final double[] confidence;
    private long samples;

    public CalibrationBins(int bins) {
        if (bins < 1 || bins > 1000) {
            throw new IllegalArgumentException("bins must be in [1, 1000], got " + bins);
        }
        counts = new long[bins];
        correct = new long[bins];
        confidence = new double[bins];
    }

    /** Adds one sample: its outputs (logits) and its true label; the prediction is {@link Evaluator#argmax}. */
    public void add(float[] logits, int label) {
        int predicted = Evaluator.argmax(logits);
        double max = logits[predicted];
        double sum = 0.0;
        for (float logit : logits) {
            sum += StrictMath.exp(logit - max);
        }
        double p = 1.0 / sum;
        if (!(p > 0.0)) {
            p = 0.0;   // NaN logits: no confidence at all, counted in the lowest bin
        }
        add(p, predicted == label);
    }

    /** Adds one sample by its confidence in [0, 1] and whether its prediction was right. */
    public void add(double p, boolean right) {
        int bins = counts.length;
        int bin = (int) Math.min(bins - 1, Math.max(0, Math.ceil(p * bins) - 1));
        counts[bin]++;
        confidence[bin] += p;
        if (right) {
            correct[bin]++;
        }
        samples++;
    }

    public double expectedCalibrationError() {
        if (samples == 0) {
            return 0.0;
        }
        double ece = 0.0;
        for (int b = 0; b < counts.length; b++) {
            if (counts[b] > 0) {
                double accuracy = (double) correct[b] / counts[b];
                double mean = confidence[b] / counts[b];
                ece += (double) counts[b] / samples * Math.abs(accuracy - mean);
            }
        }
        return ece;
    }
}
