package org.pouw.ml.train;

/**
 * Training losses over class labels, averaged over the batch. Computed per row in double precision with
 * {@link StrictMath}'s exp and log, whose results the Java specification fixes bit for bit.
 */
public enum Loss {
    /** Softmax over the outputs, then the negative log-likelihood of the label. */
    SOFTMAX_CROSS_ENTROPY,
    /** Mean over outputs of the squared difference to the one-hot label ({@code torch.nn.MSELoss} convention). */
    MEAN_SQUARED_ERROR;

    /**
     * Writes {@code d(mean loss)/d(output)} into {@code gradient} and returns the mean loss over the batch.
     * Rows are summed in order, so the result does not depend on how any other work was split.
     */
    public double lossAndGradient(float[][] outputs, int[] labels, float[][] gradient) {
        int batch = outputs.length;
        double total = 0.0;
        double[] scratch = new double[outputs[0].length];
        for (int i = 0; i < batch; i++) {
            total += rowLossAndGradient(outputs[i], labels[i], gradient[i], batch, scratch);
        }
        return total / batch;
    }

    /** The loss of one sample, for evaluation. */
    public double loss(float[] output, int label) {
        return rowLossAndGradient(output, label, null, 1, new double[output.length]);
    }

    private double rowLossAndGradient(float[] output, int label, float[] gradient, int batch, double[] scratch) {
        int classes = output.length;
        if (this == SOFTMAX_CROSS_ENTROPY) {
            double max = output[0];
            for (int j = 1; j < classes; j++) {
                max = Math.max(max, output[j]);
            }
            double sum = 0.0;
            for (int j = 0; j < classes; j++) {
                scratch[j] = StrictMath.exp(output[j] - max);
                sum += scratch[j];
            }
            if (gradient != null) {
                for (int j = 0; j < classes; j++) {
                    double target = j == label ? 1.0 : 0.0;
                    gradient[j] = (float) ((scratch[j] / sum - target) / batch);
                }
            }
            return StrictMath.log(sum) - (output[label] - max);
        }
        double loss = 0.0;
        for (int j = 0; j < classes; j++) {
            double diff = output[j] - (j == label ? 1.0 : 0.0);
            loss += diff * diff;
            if (gradient != null) {
                gradient[j] = (float) (2.0 * diff / ((double) batch * classes));
            }
        }
        return loss / classes;
    }
}
