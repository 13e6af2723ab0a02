package org.pouw.ml.model;

import java.util.Arrays;

/**
 * Non-overlapping max pooling (window = stride = {@code size}) on channels-last images; trailing rows or columns
 * that do not fill a window are dropped. Ties go to the first maximum in scan order, so the routed gradient is
 * defined exactly.
 */
public final class MaxPool2dLayer implements Layer {
    private final int height;
    private final int width;
    private final int channels;
    private final int size;
    private final int outHeight;
    private final int outWidth;
    private float[][] output;
    private int[][] argmax;
    private float[][] gradInput;

    public MaxPool2dLayer(int height, int width, int channels, int size) {
        if (size < 1 || size > height || size > width) {
            throw new IllegalArgumentException("pool " + size + " does not fit a " + height + "x" + width + " image");
        }
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.size = size;
        this.outHeight = height / size;
        this.outWidth = width / size;
    }

    public int outHeight() {
        return outHeight;
    }

    public int outWidth() {
        return outWidth;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int channels() {
        return channels;
    }

    /** The side of the square, non-overlapping window (also its stride). */
    public int size() {
        return size;
    }

    @Override
    public int inputSize() {
        return height * width * channels;
    }

    @Override
    public int outputSize() {
        return outHeight * outWidth * channels;
    }

    @Override
    public float[][] forward(float[][] input, Pass pass) {
        RowArrays.requireColumns(input, inputSize(), "max-pool layer");
        output = RowArrays.ensure(output, input.length, outputSize());
        if (argmax == null || argmax.length != input.length) {
            argmax = new int[input.length][outputSize()];
        }
        float[][] out = output;
        int[][] arg = argmax;
        pass.team().forRange(input.length, (from, to) -> {
            for (int b = from; b < to; b++) {
                pool(input[b], out[b], arg[b]);
            }
        });
        return output;
    }

    private void pool(float[] in, float[] out, int[] arg) {
        for (int oy = 0; oy < outHeight; oy++) {
            for (int ox = 0; ox < outWidth; ox++) {
                for (int c = 0; c < channels; c++) {
                    int best = ((oy * size) * width + ox * size) * channels + c;
                    for (int ky = 0; ky < size; ky++) {
                        for (int kx = 0; kx < size; kx++) {
                            int index = ((oy * size + ky) * width + ox * size + kx) * channels + c;
                            if (in[index] > in[best]) {
                                best = index;
                            }
                        }
                    }
                    int o = (oy * outWidth + ox) * channels + c;
                    out[o] = in[best];
                    arg[o] = best;
                }
            }
        }
    }

    @Override
    public float[][] backward(float[][] gradOutput, boolean needInputGradient, Pass pass) {
        if (!needInputGradient) {
            return null;
        }
        gradInput = RowArrays.ensure(gradInput, gradOutput.length, inputSize());
        for (int b = 0; b < gradOutput.length; b++) {
            float[] gi = gradInput[b];
            Arrays.fill(gi, 0f);
            int[] arg = argmax[b];
            float[] g = gradOutput[b];
            for (int o = 0; o < g.length; o++) {
                gi[arg[o]] = g[o];
            }
        }
        return gradInput;
    }
}
