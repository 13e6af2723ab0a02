package org.pouw.chain.mining;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.pouw.ml.model.Conv2dLayer;
import org.pouw.ml.model.DenseLayer;
import org.pouw.ml.model.Layer;
import org.pouw.ml.model.Network;
import org.pouw.ml.model.Parameter;

/**
 * Whether two units of one layer have bit-identical incoming weights and bias (docs/chain.md §3.3,
 * {@code SYMMETRIC_UNITS}): such units get identical gradients, stay identical for ever and compute the same thing
 * twice, so their multiply-adds are work that could be skipped. A unit is a column of a dense layer's {@code W[in][out]}
 * or a filter of a convolution (a column of its patch × filters matrix), with its bias.
 */
public final class SymmetricUnits {
    private SymmetricUnits() {
    }

    public static boolean present(Network network) {
        for (Layer layer : network.layers()) {
            if (layer instanceof DenseLayer dense && repeats(dense.weight(), dense.bias())) {
                return true;
            }
            if (layer instanceof Conv2dLayer conv && repeats(conv.weight(), conv.bias())) {
                return true;
            }
        }
        return false;
    }

    private static boolean repeats(Parameter weight, Parameter bias) {
        float[][] w = weight.value();
        float[] b = bias.value()[0];
        Set<Unit> seen = new HashSet<>();
        for (int unit = 0; unit < b.length; unit++) {
            int[] bits = new int[w.length + 1];
            for (int r = 0; r < w.length; r++) {
                bits[r] = Float.floatToIntBits(w[r][unit]);
            }
            bits[w.length] = Float.floatToIntBits(b[unit]);
            if (!seen.add(new Unit(bits))) {
                return true;
            }
        }
        return false;
    }

    private record Unit(int[] bits) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Unit that && Arrays.equals(bits, that.bits);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bits);
        }

        @Override
        public String toString() {
            return "unit of " + bits.length + " words";
        }
    }
}
