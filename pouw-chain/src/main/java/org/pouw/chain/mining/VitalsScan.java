package org.pouw.chain.mining;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.pouw.ml.model.Network;
import org.pouw.ml.model.Parameter;
import org.pouw.ml.train.TrainingState;

/**
 * The state words a step's vitals need (docs/chain.md §3.3), read in one pass over each state's canonical encoding
 * as the state hash builds it ({@code TrainingState.hash(team, words)}), so the state is neither encoded again nor
 * scanned once per check. Before the step the pass notes, per word: finite, subnormal (parameters), zero (per
 * parameter row, the non-zero counts {@link ForwardWork} prices products with) and keeps a copy of the parameter
 * words; {@link SymmetricUnits} reads the same words; after the step: finite, subnormal, and changed against that
 * copy.
 *
 * <p>Each test is branch-free integer arithmetic on the word's magnitude {@code m = bits & 0x7fffffff}, so the
 * loops vectorise: {@code m > 0x7f7fffff} is ±∞ or NaN, {@code m < 0x00800000} is zero or subnormal,
 * {@code m == 0} is ±0. The results are the same counts the checks of §3.3 define word by word.
 */
final class VitalsScan {
    private final Network network;
    private final List<Parameter> parameters;
    private final int parameterWords;
    /** Where the parameters start in the state's words: six header words, seven with batch-norm buffers. */
    private final int header;
    private final Map<Parameter, int[]> nonZeroPerRow = new IdentityHashMap<>();
    private int[] parametersBefore;
    private boolean symmetricUnits;
    private boolean finiteBefore;
    private long subnormalBefore;
    private boolean finiteAfter;
    private long subnormalAfter;
    private long changed;

    VitalsScan(Network network) {
        this.network = network;
        this.parameters = network.parameters();
        this.parameterWords = Math.toIntExact(network.parameterCount());
        this.header = TrainingState.headerWords(network);
    }

    /** Reads the start state's words; call it with the words the start state's hash was computed from. */
    void before(int[] words) {
        int at = header;
        int nonFinite = 0;
        long subnormal = 0;
        for (Parameter parameter : parameters) {
            int rows = parameter.rows();
            int columns = parameter.columns();
            int[] nonZero = new int[rows];
            for (int r = 0; r < rows; r++) {
                int zeros = 0;
                int small = 0;
                for (int j = at; j < at + columns; j++) {
                    int m = words[j] & 0x7fffffff;
                    nonFinite |= 0x7f7fffff - m;
                    zeros += (m - 1) >>> 31;
                    small += (m - 0x00800000) >>> 31;
                }
                nonZero[r] = columns - zeros;
                subnormal += small - zeros;
                at += columns;
            }
            nonZeroPerRow.put(parameter, nonZero);
        }
        symmetricUnits = SymmetricUnits.present(network, words);
        parametersBefore = Arrays.copyOfRange(words, header, header + parameterWords);
        nonFinite |= nonFiniteFrom(words, at);
        finiteBefore = nonFinite >= 0;
        subnormalBefore = subnormal;
    }

    /** Reads the end state's words; call it with the words the end state's hash was computed from. */
    void after(int[] words) {
        if (parametersBefore == null) {
            throw new IllegalStateException("the start state was not scanned");
        }
        int nonFinite = 0;
        long subnormal = 0;
        long differ = 0;
        int[] before = parametersBefore;
        // Chunks keep the int counters far from overflow whatever the state's size.
        for (int from = 0; from < parameterWords; from += 1 << 20) {
            int to = Math.min(parameterWords, from + (1 << 20));
            int small = 0;
            int zeros = 0;
            int different = 0;
            for (int i = from; i < to; i++) {
                int bits = words[header + i];
                int m = bits & 0x7fffffff;
                nonFinite |= 0x7f7fffff - m;
                zeros += (m - 1) >>> 31;
                small += (m - 0x00800000) >>> 31;
                int x = bits ^ before[i];
                different += (x | -x) >>> 31;
            }
            subnormal += small - zeros;
            differ += different;
        }
        nonFinite |= nonFiniteFrom(words, header + parameterWords);
        finiteAfter = nonFinite >= 0;
        subnormalAfter = subnormal;
        changed = differ;
    }

    /** The non-zero count of each row of the start state's {@code parameter} (as {@link ForwardWork} needs it). */
    Map<Parameter, int[]> nonZeroPerRow() {
        return nonZeroPerRow;
    }

    /** Two units of a layer of the start state with bit-identical weights and bias ({@link SymmetricUnits}). */
    boolean symmetricUnits() {
        return symmetricUnits;
    }

    /** Every state word before and after finite. */
    boolean finite() {
        return finiteBefore && finiteAfter;
    }

    /** The fraction of parameter words whose bits the step changed. */
    double changedFraction() {
        return (double) changed / parameterWords;
    }

    /** The fraction of parameter words that are subnormal, before or after, whichever is larger. */
    double subnormalFraction() {
        return Math.max((double) subnormalBefore / parameterWords, (double) subnormalAfter / parameterWords);
    }

    /** A negative value when a word of {@code words} from {@code from} on is ±∞ or NaN. */
    private static int nonFiniteFrom(int[] words, int from) {
        int nonFinite = 0;
        for (int i = from; i < words.length; i++) {
            nonFinite |= 0x7f7fffff - (words[i] & 0x7fffffff);
        }
        return nonFinite;
    }
}
