package org.pouw.ml.model;

/**
 * GELU in its tanh form (Hendrycks and Gimpel, 2016; PyTorch's {@code approximate="tanh"}, ONNX Gelu's
 * {@code approximate="tanh"}): {@code 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))}. The exact form needs erf, which
 * {@link StrictMath} does not offer, so it could not be made bit-exact across JVMs; tanh can. Computed per element
 * in double with {@code StrictMath.tanh}, rounded to float once; the backward pass reads the stored input.
 */
public final class GeluLayer implements Layer {
    private static final double ROOT_TWO_OVER_PI = StrictMath.sqrt(2.0 / StrictMath.PI);
    private static final double CUBIC = 0.044715;

    private final int size;
    private float[][] input;
    private float[][] output;
    private float[][] gradInput;

    public GeluLayer(int size) {
        this.size = size;
    }

    @Override
    public int inputSize() {
        return size;
    }

    @Override
    public int outputSize() {
        return size;
    }

    static float apply(float value) {
        double x = value;
        return (float) (0.5 * x * (1.0 + StrictMath.tanh(ROOT_TWO_OVER_PI * (x + CUBIC * x * x * x))));
    }

    static float derivative(float value) {
        double x = value;
        double t = StrictMath.tanh(ROOT_TWO_OVER_PI * (x + CUBIC * x * x * x));
        return (float) (0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * ROOT_TWO_OVER_PI * (1.0 + 3.0 * CUBIC * x * x));
    }

    @Override
    public float[][] forward(float[][] in, Pass pass) {
        RowArrays.requireColumns(in, size, "GELU layer");
        input = in;
        output = RowArrays.ensure(output, in.length, size);
        float[][] out = output;
        pass.team().forRange(in.length, RowArrays.minRowsPerPart(size * 16L), (from, to) -> {
            for (int i = from; i < to; i++) {
                for (int j = 0; j < size; j++) {
                    out[i][j] = apply(in[i][j]);
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
        gradInput = RowArrays.ensure(gradInput, gradOutput.length, size);
        float[][] gi = gradInput;
        float[][] in = input;
        pass.team().forRange(gi.length, RowArrays.minRowsPerPart(size * 16L), (from, to) -> {
            for (int i = from; i < to; i++) {
                for (int j = 0; j < size; j++) {
                    gi[i][j] = gradOutput[i][j] * derivative(in[i][j]);
                }
            }
        });
        return gradInput;
    }
}
