package org.pouw.ml.model;

import java.util.List;
import org.pouw.ml.tensor.Mix64;

/**
 * Learned positional embeddings: a table of one row of {@code channels} values per position, added to each
 * sample's features ({@code y = x + P}). The table's gradient is the output gradient summed over the batch in
 * sample order by one thread; the input gradient is the output gradient itself.
 */
public final class PositionalEmbeddingLayer implements Layer {
    private final int positions;
    private final int channels;
    private final Parameter table;
    private float[][] output;

    public PositionalEmbeddingLayer(int positions, int channels) {
        if (positions < 1 || channels < 1) {
            throw new IllegalArgumentException("positional embeddings need positions and channels, got "
                    + positions + " and " + channels);
        }
        this.positions = positions;
        this.channels = channels;
        this.table = new Parameter("position.table", positions, channels);
    }

    public Parameter table() {
        return table;
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
        return positions * channels;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(table);
    }

    /** Uniform in [−0.1, 0.1): small next to the token embeddings it is added to. */
    @Override
    public void initialise(long key) {
        float[][] w = table.value();
        for (int p = 0; p < positions; p++) {
            for (int c = 0; c < channels; c++) {
                w[p][c] = (2f * Mix64.unitFloat(Mix64.derive(key, (long) p * channels + c)) - 1f) * 0.1f;
            }
        }
    }

    @Override
    public float[][] forward(float[][] input, Pass pass) {
        RowArrays.requireColumns(input, inputSize(), "positional embedding");
        output = RowArrays.ensure(output, input.length, inputSize());
        float[][] w = table.value();
        float[][] out = output;
        pass.team().forRange(input.length, RowArrays.minRowsPerPart(inputSize()), (from, to) -> {
            for (int b = from; b < to; b++) {
                for (int p = 0; p < positions; p++) {
                    int at = p * channels;
                    for (int c = 0; c < channels; c++) {
                        out[b][at + c] = input[b][at + c] + w[p][c];
                    }
                }
            }
        });
        return output;
    }

    @Override
    public float[][] backward(float[][] gradOutput, boolean needInputGradient, Pass pass) {
        float[][] dW = table.gradient();
        for (int p = 0; p < positions; p++) {
            java.util.Arrays.fill(dW[p], 0f);
        }
        for (float[] g : gradOutput) {
            for (int p = 0; p < positions; p++) {
                int at = p * channels;
                float[] row = dW[p];
                for (int c = 0; c < channels; c++) {
                    row[c] = row[c] + g[at + c];
                }
            }
        }
        return needInputGradient ? gradOutput : null;
    }
}
