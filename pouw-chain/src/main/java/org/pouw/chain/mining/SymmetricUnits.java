package org.pouw.chain.mining;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.pouw.ml.model.Conv2dLayer;
import org.pouw.ml.model.DenseLayer;
import org.pouw.ml.model.Layer;
import org.pouw.ml.model.Network;
import org.pouw.ml.model.Parameter;
import org.pouw.ml.model.ResidualLayer;
import org.pouw.ml.model.SelfAttentionLayer;

/**
 * Whether two units of one layer have bit-identical incoming weights and bias (docs/chain.md §3.3,
 * {@code SYMMETRIC_UNITS}): such units get identical gradients, stay identical for ever and compute the same thing
 * twice, so their multiply-adds are work that could be skipped. A unit is a column of a dense layer's {@code W[in][out]}
 * or a filter of a convolution (a column of its patch × filters matrix), with its bias — in every dense and
 * convolution layer of the network, those inside residual blocks included, and a column of each of a self-attention
 * layer's four projections (query, key, value, output, each {@code W[in][out]} with its bias: two equal columns are a
 * query, key, value or output channel computed twice). The other layers of a stack have no units in this sense: a normalisation's scale and shift act per channel on that channel alone, and an embedding's rows are
 * looked up, not multiplied.
 *
 * <p>Units are columns but the weights are stored by rows, so the check reads them row by row, as the words of the
 * state's canonical encoding (IEEE bits, every NaN one NaN, −0 not +0): one pass folds each row's words into a
 * running hash per column (cache-friendly and vectorisable), the columns are sorted by hash, and only columns whose
 * hashes are equal are compared word by word. The answer is the word-by-word one: equal hashes are confirmed, and
 * bit-identical columns always hash equal.
 */
public final class SymmetricUnits {
    private static final int HEADER = VitalsScan.STATE_HEADER_WORDS;

    private SymmetricUnits() {
    }

    /** On the network's parameters as they are now. */
    public static boolean present(Network network) {
        List<Parameter> parameters = network.parameters();
        int[] words = new int[Math.toIntExact(HEADER + network.parameterCount())];
        int at = HEADER;
        for (Parameter parameter : parameters) {
            for (float[] row : parameter.value()) {
                for (int j = 0; j < row.length; j++) {
                    words[at + j] = Float.floatToIntBits(row[j]);
                }
                at += row.length;
            }
        }
        return present(network, words);
    }

    /** On the words of the network's training state's encoding (parameters first, in network order). */
    static boolean present(Network network, int[] stateWords) {
        Map<Parameter, Integer> offsets = new IdentityHashMap<>();
        int at = HEADER;
        for (Parameter parameter : network.parameters()) {
            offsets.put(parameter, at);
            at += parameter.size();
        }
        for (Layer layer : flattened(network.layers())) {
            List<Parameter> weightsAndBiases = switch (layer) {
                case DenseLayer dense -> List.of(dense.weight(), dense.bias());
                case Conv2dLayer conv -> List.of(conv.weight(), conv.bias());
                case SelfAttentionLayer attention -> attention.projections();
                default -> List.of();
            };
            for (int i = 0; i < weightsAndBiases.size(); i += 2) {
                Parameter weight = weightsAndBiases.get(i);
                Parameter bias = weightsAndBiases.get(i + 1);
                if (repeats(stateWords, offsets.get(weight), weight.rows(), offsets.get(bias), bias.columns())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The layers in network order, a residual block's own layers (body, then shortcut) in its place. */
    static List<Layer> flattened(List<Layer> layers) {
        List<Layer> flat = new ArrayList<>();
        for (Layer layer : layers) {
            if (layer instanceof ResidualLayer block) {
                flat.addAll(block.body());
                flat.addAll(block.shortcut());
            } else {
                flat.add(layer);
            }
        }
        return flat;
    }

    /** Units are columns 0 … units − 1 of {@code rows} rows at {@code weights}, then of the bias row. */
    private static boolean repeats(int[] words, int weights, int rows, int bias, int units) {
        if (units < 2) {
            return false;
        }
        int[] hash = new int[units];
        for (int r = 0; r < rows; r++) {
            fold(hash, words, weights + r * units);
        }
        fold(hash, words, bias);
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
            if (j - i > 1 && repeatsAmong(words, weights, rows, bias, units, byHash, i, j)) {
                return true;
            }
            i = j;
        }
        return false;
    }

    private static void fold(int[] hash, int[] words, int from) {
        for (int unit = 0; unit < hash.length; unit++) {
            hash[unit] = (hash[unit] ^ words[from + unit]) * 0x01000193;
        }
    }

    /**
     * Whether two of the units {@code byHash[from, to)} (equal hashes) are bit-identical. They are sorted by their
     * words, so crafted hash collisions cost a sort, not a comparison of every pair.
     */
    private static boolean repeatsAmong(int[] words, int weights, int rows, int bias, int units, long[] byHash,
                                        int from, int to) {
        Integer[] group = new Integer[to - from];
        for (int i = from; i < to; i++) {
            group[i - from] = (int) byHash[i];
        }
        Arrays.sort(group, (one, other) -> compareUnits(words, weights, rows, bias, units, one, other));
        for (int i = 1; i < group.length; i++) {
            if (compareUnits(words, weights, rows, bias, units, group[i - 1], group[i]) == 0) {
                return true;
            }
        }
        return false;
    }

    private static int compareUnits(int[] words, int weights, int rows, int bias, int units, int one, int other) {
        for (int r = 0; r < rows; r++) {
            int row = weights + r * units;
            int order = Integer.compare(words[row + one], words[row + other]);
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(words[bias + one], words[bias + other]);
    }
}
