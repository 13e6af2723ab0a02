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
import org.pouw.ml.train.TrainingState;

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
 * state's canonical encoding (IEEE bits, every NaN one NaN, −0 not +0): the bias row and the first few weight rows
 * are folded into a running hash per column (cache-friendly and vectorisable), the columns are sorted by hash, only
 * columns whose hashes are equal have their other rows folded in, and only columns still equal are compared word by
 * word. The answer is the word-by-word one: equal hashes are confirmed, and
 * bit-identical columns always hash equal.
 */
public final class SymmetricUnits {
    /** Weight rows every unit's first hash covers (with the bias row). */
    private static final int PREFIX_ROWS = 4;

    private SymmetricUnits() {
    }

    /** On the network's parameters as they are now. */
    public static boolean present(Network network) {
        List<Parameter> parameters = network.parameters();
        int header = TrainingState.headerWords(network);
        int[] words = new int[Math.toIntExact(header + network.parameterCount())];
        int at = header;
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

    /**
     * On the words of the network's training state's encoding: the parameters in network order after the header
     * ({@link TrainingState#headerWords}, seven words for a network with batch-norm buffers).
     */
    static boolean present(Network network, int[] stateWords) {
        Map<Parameter, Integer> offsets = new IdentityHashMap<>();
        int at = TrainingState.headerWords(network);
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

    /**
     * Units are columns 0 … units − 1 of {@code rows} rows at {@code weights}, then of the bias row. The units are
     * first told apart by a hash of the bias row and the first {@link #PREFIX_ROWS} weight rows — enough for every
     * honest layer, whose units differ from the first row on — and only the units whose prefix hashes collide have the
     * rest of their rows folded in and, if those collide too, are compared word by word. So an honest layer reads a
     * few rows instead of the whole matrix (the full fold was a third of the liveness checks' time), and a crafted
     * one costs at most the full fold plus the comparisons it always cost.
     */
    private static boolean repeats(int[] words, int weights, int rows, int bias, int units) {
        if (units < 2) {
            return false;
        }
        int prefix = Math.min(rows, PREFIX_ROWS);
        int[] hash = new int[units];
        fold(hash, words, bias);
        for (int r = 0; r < prefix; r++) {
            fold(hash, words, weights + r * units);
        }
        long[] byHash = byHash(hash, identity(units));
        for (int i = 0; i < units; ) {
            int j = sameHashUntil(byHash, i);
            if (j - i > 1 && repeatsInRest(words, weights, rows, bias, units, prefix, byHash, i, j)) {
                return true;
            }
            i = j;
        }
        return false;
    }

    /** Among units {@code byHash[from, to)} (equal prefix hashes): the rows after the prefix folded in, then compared. */
    private static boolean repeatsInRest(int[] words, int weights, int rows, int bias, int units, int prefix,
                                         long[] byHash, int from, int to) {
        int[] group = new int[to - from];
        for (int i = from; i < to; i++) {
            group[i - from] = (int) byHash[i];
        }
        int[] hash = new int[group.length];
        for (int r = prefix; r < rows; r++) {
            int row = weights + r * units;
            for (int g = 0; g < group.length; g++) {
                hash[g] = (hash[g] ^ words[row + group[g]]) * 0x01000193;
            }
        }
        long[] refined = byHash(hash, group);
        for (int i = 0; i < refined.length; ) {
            int j = sameHashUntil(refined, i);
            if (j - i > 1 && repeatsAmong(words, weights, rows, bias, units, refined, i, j)) {
                return true;
            }
            i = j;
        }
        return false;
    }

    /** {@code (hash[i] << 32) | unit[i]}, sorted: units with equal hashes side by side. */
    private static long[] byHash(int[] hash, int[] unit) {
        long[] sorted = new long[hash.length];
        for (int i = 0; i < hash.length; i++) {
            sorted[i] = ((long) hash[i] << 32) | unit[i];
        }
        Arrays.sort(sorted);
        return sorted;
    }

    private static int sameHashUntil(long[] byHash, int i) {
        int j = i + 1;
        while (j < byHash.length && (int) (byHash[j] >> 32) == (int) (byHash[i] >> 32)) {
            j++;
        }
        return j;
    }

    private static int[] identity(int units) {
        int[] unit = new int[units];
        for (int i = 0; i < units; i++) {
            unit[i] = i;
        }
        return unit;
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
