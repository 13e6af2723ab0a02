package org.pouw.ml.model;

import org.pouw.ml.tensor.Mix64;

/**
 * Inverted dropout: while training, each element is kept with probability {@code 1 − rate} and scaled by
 * {@code 1 / (1 − rate)}. The mask is a function of the pass's dropout key (task seed and step), this layer's
 * position and the element's (row, column) — so a verifier replaying the step draws the very same mask.
 */
public final class DropoutLayer implements Layer {
    private final float rate;
    private final int size;
    private final int position;
    private float[][] output;
    private float[][] multiplier;
    private float[][] gradInput;
    private boolean lastPassTrained;

    public DropoutLayer(float rate, int size, int position) {
        this.rate = rate;
        this.size = size;
        this.position = position;
    }

    @Override
    public int inputSize() {
        return size;
    }

    @Override
    public int outputSize() {
        return size;
    }

    @Override
    public float[][] forward(float[][] input, Pass pass) {
        lastPassTrained = pass.training() && rate > 0f;
        if (!lastPassTrained) {
            return input;
        }
        output = RowArrays.ensure(output, input.length, size);
        multiplier = RowArrays.ensure(multiplier, input.length, size);
        float scale = 1f / (1f - rate);
        long layerKey = Mix64.derive(pass.dropoutKey(), position);
        for (int i = 0; i < input.length; i++) {
            float[] in = input[i];
            float[] out = output[i];
            float[] mul = multiplier[i];
            for (int j = 0; j < size; j++) {
                float u = Mix64.unitFloat(Mix64.derive(layerKey, (long) i * size + j));
                mul[j] = u >= rate ? scale : 0f;
                out[j] = in[j] * mul[j];
            }
        }
        return output;
    }

    @Override
    public float[][] backward(float[][] gradOutput, boolean needInputGradient, Pass pass) {
        if (!needInputGradient) {
            return null;
        }
        if (!lastPassTrained) {
            return gradOutput;
        }
        gradInput = RowArrays.ensure(gradInput, gradOutput.length, size);
        for (int i = 0; i < gradOutput.length; i++) {
            float[] g = gradOutput[i];
            float[] mul = multiplier[i];
            float[] gi = gradInput[i];
            for (int j = 0; j < size; j++) {
                gi[j] = g[j] * mul[j];
            }
        }
        return gradInput;
    }
}
