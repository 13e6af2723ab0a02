package org.pouw.ml.model;

/**
 * Element-wise non-linearities. {@code tanh} and the sigmoid go through {@link StrictMath}, whose results the Java
 * specification fixes bit for bit (fdlibm); {@link Math}'s versions may differ by an ulp between JVMs and CPUs.
 * Derivatives are taken from the outputs, so backward needs no second transcendental call.
 */
public enum Activation {
    /**
     * {@code max(x, 0)} with {@link Math#max}'s exact semantics (NaN stays NaN, −0 becomes +0); the derivative is
     * {@code signum(y)} ∈ {+0, 1} for outputs y ≥ +0 — both branch-free, as ReLU patterns are unpredictable.
     */
    RELU {
        @Override
        float apply(float x) {
            return Math.max(x, 0f);
        }

        @Override
        float derivativeFromOutput(float y) {
            return Math.signum(y);
        }
    },
    TANH {
        @Override
        float apply(float x) {
            return (float) StrictMath.tanh(x);
        }

        @Override
        float derivativeFromOutput(float y) {
            return 1f - y * y;
        }
    },
    SIGMOID {
        @Override
        float apply(float x) {
            return (float) (1.0 / (1.0 + StrictMath.exp(-(double) x)));
        }

        @Override
        float derivativeFromOutput(float y) {
            return y * (1f - y);
        }
    };

    abstract float apply(float x);

    abstract float derivativeFromOutput(float y);

    /** {@code out[j] = f(in[j])}. */
    void forward(float[] in, float[] out) {
        if (this == RELU) {
            // Spelled out so the JIT vectorises the common case.
            for (int j = 0; j < in.length; j++) {
                out[j] = Math.max(in[j], 0f);
            }
            return;
        }
        for (int j = 0; j < in.length; j++) {
            out[j] = apply(in[j]);
        }
    }

    /** {@code gradIn[j] = gradOut[j] · f'(x_j)}, with f' taken from the stored outputs. */
    void backward(float[] output, float[] gradOut, float[] gradIn) {
        if (this == RELU) {
            for (int j = 0; j < output.length; j++) {
                gradIn[j] = gradOut[j] * Math.signum(output[j]);
            }
            return;
        }
        for (int j = 0; j < output.length; j++) {
            gradIn[j] = gradOut[j] * derivativeFromOutput(output[j]);
        }
    }

    /** The initialisation bound: He-uniform for ReLU, Glorot-uniform for the saturating functions. */
    double initBound(int fanIn, int fanOut) {
        return this == RELU ? StrictMath.sqrt(6.0 / fanIn) : StrictMath.sqrt(6.0 / (fanIn + fanOut));
    }
}
