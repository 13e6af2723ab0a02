package org.pouw.ml.model;

import java.util.Arrays;
import java.util.List;

/**
 * Layer normalisation (Ba, Kiros and Hinton, 2016) over the channels of each position of each sample (a token's
 * features in a sequence, or a whole flat vector), ε = 1e-5, with a learned per-channel scale γ and shift β. It
 * behaves the same while training and at inference.
 *
 * <p>Determinism: a position's mean and variance are double sums over its channels in ascending order; positions
 * are independent, so samples are split over threads. The γ/β gradients are double sums over samples, then
 * positions, in ascending order by one thread.
 */
public final class LayerNormLayer implements Layer {
    static final double EPSILON = 1e-5;

    private final int positions;
    private final int channels;
    private final Parameter gamma;
    private final Parameter beta;
    private float[][] normalised;
    private float[][] inverseDeviation;
    private float[][] output;
    private float[][] gradInput;

    public LayerNormLayer(int positions, int channels) {
        if (positions < 1 || channels < 1) {
            throw new IllegalArgumentException("layer normalisation needs positions and channels, got "
                    + positions + " and " + channels);
        }
        this.positions = positions;
        this.channels = channels;
        this.gamma = new Parameter("layernorm.gamma", 1, channels);
        this.beta = new Parameter("layernorm.beta", 1, channels);
    }

    public Parameter gamma() {
        return gamma;
    }

    public Parameter beta() {
        return beta;
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
    public void initialise(long key) {
        Arrays.fill(gamma.value()[0], 1f);
        Arrays.fill(beta.value()[0], 0f);
    }

    @Override
    public float[][] forward(float[][] input, Pass pass) {
        RowArrays.requireColumns(input, inputSize(), "layer normalisation");
        int batch = input.length;
        normalised = RowArrays.ensure(normalised, batch, inputSize());
        inverseDeviation = RowArrays.ensure(inverseDeviation, batch, positions);
        output = RowArrays.ensure(output, batch, inputSize());
        float[] g = gamma.value()[0];
        float[] b = beta.value()[0];
        float[][] xhat = normalised;
        float[][] inv = inverseDeviation;
        float[][] out = output;
        pass.team().forRange(batch, RowArrays.minRowsPerPart(inputSize() * 4L), (from, to) -> {
            for (int i = from; i < to; i++) {
                float[] x = input[i];
                for (int p = 0; p < positions; p++) {
                    int at = p * channels;
                    double sum = 0.0;
                    for (int c = 0; c < channels; c++) {
                        sum += x[at + c];
                    }
                    double mean = sum / channels;
                    double squares = 0.0;
                    for (int c = 0; c < channels; c++) {
                        double d = x[at + c] - mean;
                        squares += d * d;
                    }
                    float shift = (float) mean;
                    float scale = (float) (1.0 / Math.sqrt(squares / channels + EPSILON));
                    inv[i][p] = scale;
                    for (int c = 0; c < channels; c++) {
                        float v = (x[at + c] - shift) * scale;
                        xhat[i][at + c] = v;
                        out[i][at + c] = g[c] * v + b[c];
                    }
                }
            }
        });
        return output;
    }

    /**
     * With d = g·γ: dx = (d − mean(d) − x̂·mean(d·x̂)) / σ per position; dγ = Σ g·x̂ and dβ = Σ g over samples and
     * positions.
     */
    @Override
    public float[][] backward(float[][] gradOutput, boolean needInputGradient, Pass pass) {
        int batch = gradOutput.length;
        double[] dGamma = new double[channels];
        double[] dBeta = new double[channels];
        for (int i = 0; i < batch; i++) {
            float[] go = gradOutput[i];
            float[] n = normalised[i];
            for (int p = 0; p < positions; p++) {
                int at = p * channels;
                for (int c = 0; c < channels; c++) {
                    dBeta[c] += go[at + c];
                    dGamma[c] += (double) go[at + c] * n[at + c];
                }
            }
        }
        for (int c = 0; c < channels; c++) {
            beta.gradient()[0][c] = (float) dBeta[c];
            gamma.gradient()[0][c] = (float) dGamma[c];
        }
        if (!needInputGradient) {
            return null;
        }
        gradInput = RowArrays.ensure(gradInput, batch, inputSize());
        float[] g = gamma.value()[0];
        float[][] gi = gradInput;
        float[][] xhat = normalised;
        float[][] inv = inverseDeviation;
        pass.team().forRange(batch, RowArrays.minRowsPerPart(inputSize() * 4L), (from, to) -> {
            for (int i = from; i < to; i++) {
                float[] go = gradOutput[i];
                float[] n = xhat[i];
                for (int p = 0; p < positions; p++) {
                    int at = p * channels;
                    double sumD = 0.0;
                    double sumDx = 0.0;
                    for (int c = 0; c < channels; c++) {
                        double d = (double) go[at + c] * g[c];
                        sumD += d;
                        sumDx += d * n[at + c];
                    }
                    float meanD = (float) (sumD / channels);
                    float meanDx = (float) (sumDx / channels);
                    float scale = inv[i][p];
                    for (int c = 0; c < channels; c++) {
                        gi[i][at + c] = (go[at + c] * g[c] - meanD - n[at + c] * meanDx) * scale;
                    }
                }
            }
        });
        return gradInput;
    }
}
