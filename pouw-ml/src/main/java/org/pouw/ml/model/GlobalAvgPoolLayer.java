package org.pouw.ml.model;

/**
 * Global average pooling on channels-last images: each channel's mean over the {@code positions} (height × width)
 * of a sample. Sums run in double over positions in ascending order and are rounded to float once, so the result
 * does not depend on how samples were split between threads.
 */
public final class GlobalAvgPoolLayer implements Layer {
    private final int positions;
    private final int channels;
    private float[][] output;
    private float[][] gradInput;

    public GlobalAvgPoolLayer(int positions, int channels) {
        if (positions < 1 || channels < 1) {
            throw new IllegalArgumentException("global average pooling needs positions and channels, got "
                    + positions + " and " + channels);
        }
        this.positions = positions;
        this.channels = channels;
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
        return channels;
    }

    @Override
    public float[][] forward(float[][] input, Pass pass) {
        RowArrays.requireColumns(input, inputSize(), "global average pooling");
        output = RowArrays.ensure(output, input.length, channels);
        float[][] out = output;
        pass.team().forRange(input.length, RowArrays.minRowsPerPart(inputSize()), (from, to) -> {
            double[] sums = new double[channels];
            for (int b = from; b < to; b++) {
                java.util.Arrays.fill(sums, 0.0);
                float[] in = input[b];
                for (int p = 0; p < positions; p++) {
                    int at = p * channels;
                    for (int c = 0; c < channels; c++) {
                        sums[c] += in[at + c];
                    }
                }
                for (int c = 0; c < channels; c++) {
                    out[b][c] = (float) (sums[c] / positions);
                }
            }
        });
        return output;
    }

    @Override
    public float[][] backward(float[][] gradOutput, boolean needInputGradient, Pass pass) {
        if (!needInputGradient) {
            return null;
        }
        gradInput = RowArrays.ensure(gradInput, gradOutput.length, inputSize());
        float[][] gi = gradInput;
        float share = (float) (1.0 / positions);
        pass.team().forRange(gi.length, RowArrays.minRowsPerPart(inputSize()), (from, to) -> {
            for (int b = from; b < to; b++) {
                float[] g = gradOutput[b];
                float[] row = gi[b];
                for (int p = 0; p < positions; p++) {
                    int at = p * channels;
                    for (int c = 0; c < channels; c++) {
                        row[at + c] = g[c] * share;
                    }
                }
            }
        });
        return gradInput;
    }
}
