package org.pouw.ml.model;

import java.util.Arrays;
import java.util.List;
import org.pouw.ml.tensor.MatMul;
import org.pouw.ml.tensor.Mix64;

/**
 * A fully connected layer {@code y = x·W + b} with W stored input-major ({@code W[in][out]}), so the forward pass
 * and both gradients are axpy-form products (see {@link MatMul}).
 */
public final class DenseLayer implements Layer {
    private final int inputs;
    private final int outputs;
    private final Activation followedBy;
    private final Parameter weight;
    private final Parameter bias;
    private float[][] input;
    private float[][] output;
    private float[][] gradInput;
    private final float[][] weightTransposed;

    /** {@code followedBy} picks the initialisation (He for ReLU, else Glorot); null for the output layer. */
    public DenseLayer(int inputs, int outputs, Activation followedBy) {
        this.inputs = inputs;
        this.outputs = outputs;
        this.followedBy = followedBy;
        this.weight = new Parameter("dense.weight", inputs, outputs);
        this.bias = new Parameter("dense.bias", 1, outputs);
        this.weightTransposed = new float[outputs][inputs];
    }

    @Override
    public int inputSize() {
        return inputs;
    }

    @Override
    public int outputSize() {
        return outputs;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    @Override
    public void initialise(long key) {
        Activation scheme = followedBy == null ? Activation.TANH : followedBy;
        float bound = (float) scheme.initBound(inputs, outputs);
        float[][] w = weight.value();
        for (int r = 0; r < inputs; r++) {
            for (int c = 0; c < outputs; c++) {
                float u = Mix64.unitFloat(Mix64.derive(key, (long) r * outputs + c));
                w[r][c] = (2f * u - 1f) * bound;
            }
        }
        Arrays.fill(bias.value()[0], 0f);
    }

    @Override
    public float[][] forward(float[][] in, Pass pass) {
        RowArrays.requireColumns(in, inputs, "dense layer");
        input = in;
        output = RowArrays.ensure(output, in.length, outputs);
        float[] b = bias.value()[0];
        float[][] w = weight.value();
        float[][] out = output;
        pass.team().forRange(in.length, RowArrays.minRowsPerPart((long) inputs * outputs), (from, to) -> {
            for (int i = from; i < to; i++) {
                System.arraycopy(b, 0, out[i], 0, outputs);
            }
            MatMul.accumulate(in, w, out, from, to);
        });
        return output;
    }

    @Override
    public float[][] backward(float[][] gradOutput, boolean needInputGradient, Pass pass) {
        float[][] in = input;
        float[][] dW = weight.gradient();
        pass.team().forRange(inputs, RowArrays.minRowsPerPart((long) in.length * outputs), (from, to) -> {
            for (int r = from; r < to; r++) {
                Arrays.fill(dW[r], 0f);
            }
            MatMul.accumulateTransposed(in, gradOutput, dW, from, to);
        });
        float[] db = bias.gradient()[0];
        Arrays.fill(db, 0f);
        for (float[] row : gradOutput) {
            for (int j = 0; j < outputs; j++) {
                db[j] = db[j] + row[j];
            }
        }
        if (!needInputGradient) {
            return null;
        }
        MatMul.transpose(weight.value(), weightTransposed);
        gradInput = RowArrays.ensure(gradInput, gradOutput.length, inputs);
        float[][] gi = gradInput;
        float[][] wt = weightTransposed;
        pass.team().forRange(gi.length, RowArrays.minRowsPerPart((long) inputs * outputs), (from, to) -> {
            for (int i = from; i < to; i++) {
                Arrays.fill(gi[i], 0f);
            }
            MatMul.accumulate(gradOutput, wt, gi, from, to);
        });
        return gradInput;
    }
}
