package org.pouw.chain.mining;

import java.util.Arrays;
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
 *
 * <p>Units are columns but the weights are stored by rows, so the check reads them row by row: one pass folds each
 * row's words into a running hash per column (cache-friendly and vectorisable), the columns are sorted by hash, and
 * only columns whose hashes are equal are compared word by word. The answer is the word-by-word one: equal hashes
 * are confirmed, and bit-identical columns always hash equal.
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
        int units = b.length;
        if (units < 2) {
            return false;
        }
        int[] hash = new int[units];
        for (float[] row : w) {
            fold(hash, row);
        }
        fold(hash, b);
        long[] byHash = new long[units];
        for (int unit = 0; unit < units; unit++) {
            byHash[unit] = ((long) hash[unit] << 32) | unit;
        }
        Arrays.sort(byHash);
        for (int i = 0; i < units; ) {
            int j = i + 1;
            while (j < units && (int) (byHash[j] >> 32) == (int) (byHash[i] >> 32)) {
                j++;
            }
            if (j - i > 1 && repeatsAmong(w, b, byHash, i, j)) {
                return true;
            }
            i = j;
        }
        return false;
    }

    /** Canonical bits, as the state's encoding has them: every NaN is one NaN, and −0 is not +0. */
    private static void fold(int[] hash, float[] row) {
        for (int unit = 0; unit < hash.length; unit++) {
            hash[unit] = (hash[unit] ^ Float.floatToIntBits(row[unit])) * 0x01000193;
        }
    }

    /**
     * Whether two of the units {@code byHash[from, to)} (equal hashes) are bit-identical. They are sorted by their
     * words, so crafted hash collisions cost a sort, not a comparison of every pair.
     */
    private static boolean repeatsAmong(float[][] w, float[] b, long[] byHash, int from, int to) {
        Integer[] units = new Integer[to - from];
        for (int i = from; i < to; i++) {
            units[i - from] = (int) byHash[i];
        }
        Arrays.sort(units, (one, other) -> compareUnits(w, b, one, other));
        for (int i = 1; i < units.length; i++) {
            if (compareUnits(w, b, units[i - 1], units[i]) == 0) {
                return true;
            }
        }
        return false;
    }

    private static int compareUnits(float[][] w, float[] b, int one, int other) {
        for (float[] row : w) {
            int order = Integer.compare(Float.floatToIntBits(row[one]), Float.floatToIntBits(row[other]));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(Float.floatToIntBits(b[one]), Float.floatToIntBits(b[other]));
    }
}
