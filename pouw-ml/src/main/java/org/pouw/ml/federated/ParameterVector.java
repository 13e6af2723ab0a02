package org.pouw.ml.federated;

import org.pouw.ml.model.Network;
import org.pouw.ml.model.Parameter;

/** A network's parameters as one flat vector (network order, rows in order): the unit federated updates travel in. */
public final class ParameterVector {
    private ParameterVector() {
    }

    public static float[] read(Network network) {
        float[] out = new float[(int) network.parameterCount()];
        int at = 0;
        for (Parameter p : network.parameters()) {
            for (float[] row : p.value()) {
                System.arraycopy(row, 0, out, at, row.length);
                at += row.length;
            }
        }
        return out;
    }

    public static void write(Network network, float[] values) {
        requireLength(network, values);
        int at = 0;
        for (Parameter p : network.parameters()) {
            for (float[] row : p.value()) {
                System.arraycopy(values, at, row, 0, row.length);
                at += row.length;
            }
        }
    }

    /** {@code w ← w + delta}, element by element. */
    public static void add(Network network, float[] delta) {
        requireLength(network, delta);
        int at = 0;
        for (Parameter p : network.parameters()) {
            for (float[] row : p.value()) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = row[j] + delta[at + j];
                }
                at += row.length;
            }
        }
    }

    private static void requireLength(Network network, float[] values) {
        if (values.length != network.parameterCount()) {
            throw new IllegalArgumentException("vector of " + values.length + " for " + network.parameterCount() + " parameters");
        }
    }
}
