package org.pouw.ml.model;

import java.util.Arrays;
import java.util.List;
import org.pouw.ml.tensor.MatMul;
import org.pouw.ml.tensor.Mix64;
import org.pouw.ml.tensor.SparseRows;
import org.pouw.ml.tensor.ThreadTeam;

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
    private SparseRows inputTerms;
    private SparseRows inputColumns;
    private SparseRows gradTerms;
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

    /** The weights, input-major: {@code W[in][out]}. */
    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
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
        output = RowArrays.ensure(output, in.length, outputs);
        inputTerms = SparseRows.ensure(inputTerms, in.length, inputs);
        SparseRows terms = inputTerms;
        float[] b = bias.value()[0];
        float[][] w = weight.value();
        float[][] out = output;
        ThreadTeam team = pass.team();
        team.forRange(in.length, RowArrays.minRowsPerPart(team, in.length, (long) inputs * outputs), (from, to) -> {
            for (int i = from; i < to; i++) {
                terms.gather(i, in[i]);
                System.arraycopy(b, 0, out[i], 0, outputs);
                MatMul.accumulateRow(out[i], terms, i, w);
            }
        });
        return output;
    }

    @Override
    public float[][] backward(float[][] gradOutput, boolean needInputGradient, Pass pass) {
        // dW = xᵀ·g: row r of dW sums x[i][r]·g[i] over the batch in ascending i, from the forward pass's terms.
        int batch = gradOutput.length;
        inputColumns = SparseRows.ensure(inputColumns, inputs, batch);
        inputColumns.transpose(inputTerms);
        SparseRows columns = inputColumns;
        float[][] dW = weight.gradient();
        ThreadTeam team = pass.team();
        team.forRange(inputs, RowArrays.minRowsPerPart(team, inputs, (long) batch * outputs), (from, to) -> {
            for (int r = from; r < to; r++) {
                Arrays.fill(dW[r], 0f);
                MatMul.accumulateRow(dW[r], columns, r, gradOutput);
            }
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
        gradInput = RowArrays.ensure(gradInput, batch, inputs);
        gradTerms = SparseRows.ensure(gradTerms, batch, outputs);
        SparseRows g = gradTerms;
        float[][] gi = gradInput;
        float[][] wt = weightTransposed;
        team.forRange(batch, RowArrays.minRowsPerPart(team, batch, (long) inputs * outputs), (from, to) -> {
            for (int i = from; i < to; i++) {
                g.gather(i, gradOutput[i]);
                Arrays.fill(gi[i], 0f);
                MatMul.accumulateRow(gi[i], g, i, wt);
            }
        });
        return gradInput;
    }
}
