package org.pouw.ml.model;

/** Applies an {@link Activation} element-wise. */
public final class ActivationLayer implements Layer {
    private final Activation activation;
    private final int size;
    private float[][] output;
    private float[][] gradInput;

    public ActivationLayer(Activation activation, int size) {
        this.activation = activation;
        this.size = size;
    }

    public Activation activation() {
        return activation;
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
        output = RowArrays.ensure(output, input.length, size);
        float[][] out = output;
        pass.team().forRange(input.length, RowArrays.minRowsPerPart(size * 4L), (from, to) -> {
            for (int i = from; i < to; i++) {
                activation.forward(input[i], out[i]);
            }
        });
        return output;
    }

    @Override
    public float[][] backward(float[][] gradOutput, boolean needInputGradient, Pass pass) {
        if (!needInputGradient) {
            return null;
        }
        gradInput = RowArrays.ensure(gradInput, gradOutput.length, size);
        float[][] gi = gradInput;
        float[][] out = output;
        pass.team().forRange(gi.length, RowArrays.minRowsPerPart(size * 4L), (from, to) -> {
            for (int i = from; i < to; i++) {
                activation.backward(out[i], gradOutput[i], gi[i]);
            }
        });
        return gradInput;
    }
}
