package org.pouw.chain.mining;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.pouw.ml.model.Network;
import org.pouw.ml.model.Parameter;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.train.UpdateVitals;

/**
 * The state words a step's vitals need (docs/chain.md §3.3), read in one pass over the start state's canonical
 * encoding as its hash builds it ({@code TrainingState.hash(team, words)}), so the state is neither encoded again nor
 * scanned once per check. The pass notes, per word: finite, subnormal (parameters) and zero (per parameter row, the
 * non-zero counts {@link ForwardWork} prices products with); {@link SymmetricUnits} reads the same words. What the
 * step did to the parameters and optimiser slots — changed, subnormal or non-finite after it, and the gradient's zero
 * words — the trainer's watch of its optimiser pass reports ({@code Trainer.watchingUpdate}, {@link UpdateVitals}),
 * each row read while the update has it in cache; the end state's words are scanned only for its buffers (a stack's
 * batch-norm running averages, which no optimiser writes). So no copy of the start state's parameters is kept.
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
    private boolean scannedBefore;
    private boolean symmetricUnits;
    private boolean finiteBefore;
    private long subnormalBefore;
    private boolean buffersFiniteAfter;

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
        nonFinite |= nonFiniteFrom(words, at);
        finiteBefore = nonFinite >= 0;
        subnormalBefore = subnormal;
        scannedBefore = true;
    }

    /**
     * Reads the end state's words; call it with the words the end state's hash was computed from. Only its buffers
     * are read: the parameters and slots after the step are the trainer's watch's ({@link #vitals}).
     */
    void after(int[] words) {
        if (!scannedBefore) {
            throw new IllegalStateException("the start state was not scanned");
        }
        buffersFiniteAfter = nonFiniteFrom(words, Math.toIntExact(words.length - network.bufferCount())) >= 0;
    }

    /** The non-zero count of each row of the start state's {@code parameter} (as {@link ForwardWork} needs it). */
    Map<Parameter, int[]> nonZeroPerRow() {
        return nonZeroPerRow;
    }

    /**
     * The step's vitals: {@code forwardFinite} (every activation fed to a layer and the loss finite), this scan's
     * reading of the start state and the end state's buffers, and {@code update}, what the trainer's optimiser pass
     * saw of the parameters and slots it wrote.
     */
    StepVitals vitals(boolean forwardFinite, UpdateVitals update) {
        boolean finite = forwardFinite && finiteBefore && buffersFiniteAfter && update.finite();
        return new StepVitals(finite,
                StepVitals.gradientNonZeroFraction(update.gradientZeroWords(), parameterWords),
                (double) update.changedParameterWords() / parameterWords,
                symmetricUnits,
                Math.max((double) subnormalBefore / parameterWords,
                        (double) update.subnormalParameterWords() / parameterWords));
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
