package org.pouw.ml.model;

/**
 * GELU in its tanh form (Hendrycks and Gimpel, 2016; PyTorch's {@code approximate="tanh"}, ONNX Gelu's
 * {@code approximate="tanh"}): {@code 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))}. The exact form needs erf, which
 * {@link StrictMath} does not offer, so it could not be made bit-exact across JVMs; tanh can. Computed per element
 * in double with {@code StrictMath.tanh}, rounded to float once; the backward pass reads the stored input.
 *
 * <p>A training pass computes each element's derivative from the tanh it has just taken (the double
 * {@code StrictMath.tanh} returned) and keeps it, so the backward pass calls no tanh and reads a float per element
 * instead of a double: the same function of the same input, so the same bits, at half the transcendental cost and
 * half the memory traffic. After an inference pass (the quality evaluator's FGSM gradient) the backward pass
 * recomputes it.
 */
public final class GeluLayer implements Layer {
    private static final double ROOT_TWO_OVER_PI = StrictMath.sqrt(2.0 / StrictMath.PI);
    private static final double CUBIC = 0.044715;

    private final int size;
    private float[][] input;
    private float[][] output;
    private float[][] gradInput;
    private float[][] derivatives;
    private boolean derivativesCurrent;

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
        return fromTanh(x, tanh(x));
    }

    private static double tanh(double x) {
        return StrictMath.tanh(ROOT_TWO_OVER_PI * (x + CUBIC * x * x * x));
    }

    private static float fromTanh(double x, double t) {
        return (float) (0.5 * x * (1.0 + t));
    }

    static float derivative(float value) {
        double x = value;
        return derivative(x, tanh(x));
    }

    private static float derivative(double x, double t) {
        return (float) (0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * ROOT_TWO_OVER_PI * (1.0 + 3.0 * CUBIC * x * x));
    }

    @Override
    public float[][] forward(float[][] in, Pass pass) {
        RowArrays.requireColumns(in, size, "GELU layer");
        input = in;
        output = RowArrays.ensure(output, in.length, size);
        float[][] out = output;
        derivativesCurrent = pass.training();
        if (!derivativesCurrent) {
            pass.team().forRange(in.length, RowArrays.minRowsPerPart(size * 16L), (from, to) -> {
                for (int i = from; i < to; i++) {
                    for (int j = 0; j < size; j++) {
                        out[i][j] = apply(in[i][j]);
                    }
                }
            });
            return output;
        }
        derivatives = RowArrays.ensure(derivatives, in.length, size);
        float[][] ds = derivatives;
        pass.team().forRange(in.length, RowArrays.minRowsPerPart(size * 16L), (from, to) -> {
            for (int i = from; i < to; i++) {
                float[] x = in[i];
                float[] d = ds[i];
                float[] y = out[i];
                for (int j = 0; j < size; j++) {
                    double value = x[j];
                    double t = tanh(value);
                    y[j] = fromTanh(value, t);
                    d[j] = derivative(value, t);
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
        float[][] ds = derivativesCurrent ? derivatives : null;
        pass.team().forRange(gi.length, RowArrays.minRowsPerPart(size * 16L), (from, to) -> {
            for (int i = from; i < to; i++) {
                for (int j = 0; j < size; j++) {
                    float d = ds == null ? derivative(in[i][j]) : ds[i][j];
                    gi[i][j] = gradOutput[i][j] * d;
                }
            }
        });
        return gradInput;
    }
}
