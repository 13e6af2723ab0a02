package org.pouw.ml.model;

import java.util.Arrays;
import java.util.List;

/**
 * Batch normalisation (Ioffe and Szegedy, 2015) per channel of channels-last images (a flat vector is one position
 * with every feature a channel), with PyTorch's constants: ε = 1e-5 and running averages moved by 0.1 of the gap.
 *
 * <p>While training, each channel is normalised by its mean and (biased) variance over the batch's samples and
 * positions, then scaled by γ and shifted by β; the running mean and the running unbiased variance are updated and
 * kept as buffers (part of the training state). At inference the running averages are used instead.
 *
 * <p>Determinism: the statistics and the γ/β gradients are sums in double over samples in ascending order, then
 * positions in ascending order, each channel's by one thread (threads take ranges of channels, so each chain is the
 * same whatever the split); each is rounded to float once. The element-wise normalisation and the input gradient,
 * each element computed from those per-channel values alone, are split over threads by sample.
 */
public final class BatchNormLayer implements Layer {
    /** Threads split the per-channel sums at multiples of this many channels (32 bytes of a position's floats). */
    private static final int CHANNEL_STEP = 8;
    /** Below this many elements in a batch the per-channel sums stay on the calling thread. */
    private static final long MIN_ELEMENTS_TO_SPLIT = 1 << 16;
    static final double EPSILON = 1e-5;
    static final double MOMENTUM = 0.1;

    private final int positions;
    private final int channels;
    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVariance;
    private final double[] sums;
    private final double[] sums2;
    private final float[] shift;
    private final float[] scale;
    private float[][] normalised;
    private boolean lastPassTrained;
    private float[][] output;
    private float[][] gradInput;

    public BatchNormLayer(int positions, int channels) {
        if (positions < 1 || channels < 1) {
            throw new IllegalArgumentException("batch normalisation needs positions and channels, got "
                    + positions + " and " + channels);
        }
        this.positions = positions;
        this.channels = channels;
        this.gamma = new Parameter("batchnorm.gamma", 1, channels);
        this.beta = new Parameter("batchnorm.beta", 1, channels);
        this.runningMean = new Parameter("batchnorm.running_mean", 1, channels);
        this.runningVariance = new Parameter("batchnorm.running_var", 1, channels);
        this.sums = new double[channels];
        this.sums2 = new double[channels];
        this.shift = new float[channels];
        this.scale = new float[channels];
    }

    public Parameter gamma() {
        return gamma;
    }

    public Parameter beta() {
        return beta;
    }

    public Parameter runningMean() {
        return runningMean;
    }

    public Parameter runningVariance() {
        return runningVariance;
    }

    public int positions() {
        return positions;
    }

    public int channels() {
        return channels;
    }

    @Override
    public int inputSize() {
        return positions * channels;
    }

    @Override
    public int outputSize() {
        return positions * channels;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(gamma, beta);
    }

    @Override
    public List<Parameter> buffers() {
        return List.of(runningMean, runningVariance);
    }

    @Override
    public void initialise(long key) {
        Arrays.fill(gamma.value()[0], 1f);
        Arrays.fill(beta.value()[0], 0f);
        Arrays.fill(runningMean.value()[0], 0f);
        Arrays.fill(runningVariance.value()[0], 1f);
    }

    @Override
    public float[][] forward(float[][] input, Pass pass) {
        RowArrays.requireColumns(input, inputSize(), "batch normalisation");
        int batch = input.length;
        normalised = RowArrays.ensure(normalised, batch, inputSize());
        output = RowArrays.ensure(output, batch, inputSize());
        lastPassTrained = pass.training();
        if (pass.training()) {
            batchStatistics(input, pass);
        } else {
            float[] mean = runningMean.value()[0];
            float[] variance = runningVariance.value()[0];
            for (int c = 0; c < channels; c++) {
                shift[c] = mean[c];
                scale[c] = (float) (1.0 / Math.sqrt(variance[c] + EPSILON));
            }
        }
        float[] g = gamma.value()[0];
        float[] b = beta.value()[0];
        float[][] xhat = normalised;
        float[][] out = output;
        pass.team().forRange(batch, RowArrays.minRowsPerPart(inputSize()), (from, to) -> {
            for (int i = from; i < to; i++) {
                float[] x = input[i];
                float[] n = xhat[i];
                float[] y = out[i];
                for (int p = 0; p < positions; p++) {
                    int at = p * channels;
                    for (int c = 0; c < channels; c++) {
                        float v = (x[at + c] - shift[c]) * scale[c];
                        n[at + c] = v;
                        y[at + c] = g[c] * v + b[c];
                    }
                }
            }
        });
        return output;
    }

    /** Sets shift and scale from this batch's mean and variance and moves the running averages toward them. */
    private void batchStatistics(float[][] input, Pass pass) {
        long count = (long) input.length * positions;
        int[] bounds = channelParts(input.length, pass);
        double[] means = sums;
        pass.team().forRange(bounds.length - 1, 1, (from, to) -> {
            for (int part = from; part < to; part++) {
                int c0 = bounds[part];
                int c1 = bounds[part + 1];
                double[] sum = new double[c1 - c0];
                for (float[] x : input) {
                    for (int p = 0; p < positions; p++) {
                        int at = p * channels + c0;
                        for (int c = 0; c < sum.length; c++) {
                            sum[c] += x[at + c];
                        }
                    }
                }
                for (int c = c0; c < c1; c++) {
                    means[c] = sum[c - c0] / count;
                }
            }
        });
        // Two passes: the variance as the mean squared distance from the mean, which does not cancel like E[x²] − E[x]².
        double[] squares = sums2;
        pass.team().forRange(bounds.length - 1, 1, (from, to) -> {
            for (int part = from; part < to; part++) {
                int c0 = bounds[part];
                int c1 = bounds[part + 1];
                double[] mean = Arrays.copyOfRange(means, c0, c1);
                double[] sum = new double[c1 - c0];
                for (float[] x : input) {
                    for (int p = 0; p < positions; p++) {
                        int at = p * channels + c0;
                        for (int c = 0; c < sum.length; c++) {
                            double d = x[at + c] - mean[c];
                            sum[c] += d * d;
                        }
                    }
                }
                System.arraycopy(sum, 0, squares, c0, sum.length);
            }
        });
        float[] mean = runningMean.value()[0];
        float[] variance = runningVariance.value()[0];
        double unbiased = count > 1 ? (double) count / (count - 1) : 1.0;
        for (int c = 0; c < channels; c++) {
            double var = sums2[c] / count;
            shift[c] = (float) sums[c];
            scale[c] = (float) (1.0 / Math.sqrt(var + EPSILON));
            mean[c] = (float) ((1.0 - MOMENTUM) * mean[c] + MOMENTUM * sums[c]);
            variance[c] = (float) ((1.0 - MOMENTUM) * variance[c] + MOMENTUM * var * unbiased);
        }
    }

    /**
     * The training-mode gradient: with x̂ the normalised input, dβ = Σ g, dγ = Σ g·x̂ and
     * dx = γ/σ · (g − dβ/n − x̂·dγ/n) over the n samples × positions of a channel.
     */
    @Override
    public float[][] backward(float[][] gradOutput, boolean needInputGradient, Pass pass) {
        int batch = gradOutput.length;
        long count = (long) batch * positions;
        int[] bounds = channelParts(batch, pass);
        double[] betaSums = sums;
        double[] gammaSums = sums2;
        float[][] xhat = normalised;
        pass.team().forRange(bounds.length - 1, 1, (from, to) -> {
            for (int part = from; part < to; part++) {
                int c0 = bounds[part];
                int c1 = bounds[part + 1];
                double[] sum = new double[c1 - c0];
                double[] sum2 = new double[c1 - c0];
                for (int i = 0; i < batch; i++) {
                    float[] g = gradOutput[i];
                    float[] n = xhat[i];
                    for (int p = 0; p < positions; p++) {
                        int at = p * channels + c0;
                        for (int c = 0; c < sum.length; c++) {
                            sum[c] += g[at + c];
                            sum2[c] += (double) g[at + c] * n[at + c];
                        }
                    }
                }
                System.arraycopy(sum, 0, betaSums, c0, sum.length);
                System.arraycopy(sum2, 0, gammaSums, c0, sum2.length);
            }
        });
        float[] dBeta = beta.gradient()[0];
        float[] dGamma = gamma.gradient()[0];
        for (int c = 0; c < channels; c++) {
            dBeta[c] = (float) sums[c];
            dGamma[c] = (float) sums2[c];
        }
        if (!needInputGradient) {
            return null;
        }
        if (!lastPassTrained) {
            return inferenceInputGradient(gradOutput, pass);
        }
        float[] g = gamma.value()[0];
        float[] coefficient = new float[channels];
        float[] meanBeta = new float[channels];
        float[] meanGamma = new float[channels];
        for (int c = 0; c < channels; c++) {
            coefficient[c] = g[c] * scale[c];
            meanBeta[c] = (float) (sums[c] / count);
            meanGamma[c] = (float) (sums2[c] / count);
        }
        gradInput = RowArrays.ensure(gradInput, batch, inputSize());
        float[][] gi = gradInput;
        pass.team().forRange(batch, RowArrays.minRowsPerPart(inputSize()), (from, to) -> {
            for (int i = from; i < to; i++) {
                float[] go = gradOutput[i];
                float[] n = xhat[i];
                float[] row = gi[i];
                for (int p = 0; p < positions; p++) {
                    int at = p * channels;
                    for (int c = 0; c < channels; c++) {
                        row[at + c] = coefficient[c] * (go[at + c] - meanBeta[c] - n[at + c] * meanGamma[c]);
                    }
                }
            }
        });
        return gradInput;
    }

    /** Channel ranges for the per-channel sums: one per thread, cut at {@link #CHANNEL_STEP} channels. */
    private int[] channelParts(int batch, Pass pass) {
        boolean split = (long) batch * inputSize() >= MIN_ELEMENTS_TO_SPLIT;
        return RowArrays.alignedParts(channels, split ? pass.team().threads() : 1, CHANNEL_STEP);
    }

    /**
     * After an inference forward pass the running averages are constants, so each output is γ·scale·(x − mean) + β
     * and dx = γ·scale·g element-wise; samples are independent (adversarial examples need this gradient, never
     * training).
     */
    private float[][] inferenceInputGradient(float[][] gradOutput, Pass pass) {
        int batch = gradOutput.length;
        float[] g = gamma.value()[0];
        float[] coefficient = new float[channels];
        for (int c = 0; c < channels; c++) {
            coefficient[c] = g[c] * scale[c];
        }
        gradInput = RowArrays.ensure(gradInput, batch, inputSize());
        float[][] gi = gradInput;
        pass.team().forRange(batch, RowArrays.minRowsPerPart(inputSize()), (from, to) -> {
            for (int i = from; i < to; i++) {
                float[] go = gradOutput[i];
                float[] row = gi[i];
                for (int p = 0; p < positions; p++) {
                    int at = p * channels;
                    for (int c = 0; c < channels; c++) {
                        row[at + c] = coefficient[c] * go[at + c];
                    }
                }
            }
        });
        return gradInput;
    }
}
