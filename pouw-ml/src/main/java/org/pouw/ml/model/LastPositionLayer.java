package org.pouw.ml.model;

import java.util.Arrays;

/**
 * The features of a sequence's last position ({@code positions × channels} → {@code channels}): what a decoder-only
 * language model reads its next-token logits from. A copy forward; backward the gradient goes to the last position
 * and every other position's gradient is exactly zero.
 */
public final class LastPositionLayer implements Layer {
    private final int positions;
    private final int channels;
    private float[][] output;
    private float[][] gradInput;

    public LastPositionLayer(int positions, int channels) {
        if (positions < 1 || channels < 1) {
            throw new IllegalArgumentException("last position needs positions and channels, got "
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
        RowArrays.requireColumns(input, inputSize(), "last position");
        output = RowArrays.ensure(output, input.length, channels);
        int at = (positions - 1) * channels;
        for (int b = 0; b < input.length; b++) {
            System.arraycopy(input[b], at, output[b], 0, channels);
        }
        return output;
    }

    @Override
    public float[][] backward(float[][] gradOutput, boolean needInputGradient, Pass pass) {
        if (!needInputGradient) {
            return null;
        }
        gradInput = RowArrays.ensure(gradInput, gradOutput.length, inputSize());
        int at = (positions - 1) * channels;
        for (int b = 0; b < gradOutput.length; b++) {
            Arrays.fill(gradInput[b], 0f);
            System.arraycopy(gradOutput[b], 0, gradInput[b], at, channels);
        }
        return gradInput;
    }
}
