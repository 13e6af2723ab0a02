package org.pouw.ml.model;

import java.util.Arrays;
import java.util.List;
import org.pouw.ml.tensor.Mix64;

/**
 * A token embedding: each record is a sequence of token ids (stored as floats, as every record's features are) and
 * each id selects a learned row of {@code dim} values; the output is the sequence's rows, position after position
 * (channels last: {@code sequence} positions of {@code dim} channels).
 *
 * <p>An id is read as {@code (int) x} clamped to [0, vocab − 1] (NaN reads as 0), so every record has a defined
 * result and a replay never throws on hostile data. The table's gradient adds each position's output gradient onto
 * its token's row in sample order, then position order, by one thread; the layer passes no gradient back (ids are
 * not differentiable), so it comes first.
 */
public final class EmbeddingLayer implements Layer {
    private final int sequence;
    private final int vocab;
    private final int dim;
    private final Parameter table;
    private int[][] ids;
    private float[][] output;

    public EmbeddingLayer(int sequence, int vocab, int dim) {
        if (sequence < 1 || vocab < 1 || dim < 1) {
            throw new IllegalArgumentException("an embedding needs a sequence, a vocabulary and a width, got "
                    + sequence + ", " + vocab + ", " + dim);
        }
        this.sequence = sequence;
        this.vocab = vocab;
        this.dim = dim;
        this.table = new Parameter("embedding.table", vocab, dim);
    }

    public Parameter table() {
        return table;
    }

    public int sequence() {
        return sequence;
    }

    public int vocabulary() {
        return vocab;
    }

    public int width() {
        return dim;
    }

    @Override
    public int inputSize() {
        return sequence;
    }

    @Override
    public int outputSize() {
        return sequence * dim;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(table);
    }

    /** Uniform in [−1, 1), drawn from the key like every other initial value. */
    @Override
    public void initialise(long key) {
        float[][] w = table.value();
        for (int r = 0; r < vocab; r++) {
            for (int c = 0; c < dim; c++) {
                w[r][c] = 2f * Mix64.unitFloat(Mix64.derive(key, (long) r * dim + c)) - 1f;
            }
        }
    }

    int tokenId(float x) {
        if (!(x >= 0f)) {
            return 0;
        }
        return x >= vocab - 1 ? vocab - 1 : (int) x;
    }

    @Override
    public float[][] forward(float[][] input, Pass pass) {
        RowArrays.requireColumns(input, sequence, "embedding");
        int batch = input.length;
        output = RowArrays.ensure(output, batch, outputSize());
        if (ids == null || ids.length != batch) {
            ids = new int[batch][sequence];
        }
        float[][] w = table.value();
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < sequence; t++) {
                int id = tokenId(input[b][t]);
                ids[b][t] = id;
                System.arraycopy(w[id], 0, output[b], t * dim, dim);
            }
        }
        return output;
    }

    @Override
    public float[][] backward(float[][] gradOutput, boolean needInputGradient, Pass pass) {
        float[][] dW = table.gradient();
        for (float[] row : dW) {
            Arrays.fill(row, 0f);
        }
        for (int b = 0; b < gradOutput.length; b++) {
            for (int t = 0; t < sequence; t++) {
                float[] row = dW[ids[b][t]];
                float[] g = gradOutput[b];
                int at = t * dim;
                for (int c = 0; c < dim; c++) {
                    row[c] = row[c] + g[at + c];
                }
            }
        }
        if (needInputGradient) {
            throw new IllegalStateException("an embedding has no input gradient; it must be the first layer");
        }
        return null;
    }
}
