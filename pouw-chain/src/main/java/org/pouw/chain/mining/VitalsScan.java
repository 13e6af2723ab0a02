package org.pouw.chain.mining;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
 * parameter row, the non-zero counts {@link ForwardWork} prices products with); {@link SymmetricUnits} reads the same
 * words; after the step: finite, subnormal, and changed against the start state's parameter words.
 *
 * <p>The hash's word buffer is the state's own and the end state's hash overwrites it, so the start words must live
 * elsewhere. A copy of them a step was a third of what the scans cost; instead the end state is compared with the
 * start state's encoding wherever one exists anyway (a replay decodes the opened bytes, a miner keeps each start
 * state's bytes for audits), read as little-endian words in place, and only where none exists (a window's later
 * steps, a caller of {@link TipKeyedStep#take} without bytes) the words are copied, as little-endian bytes, into a
 * {@link SpareWords} buffer that its owner reuses step after step — one loop reads either.
 *
 * <p>Each test is branch-free integer arithmetic on the word's magnitude {@code m = bits & 0x7fffffff}, so the
 * loops vectorise: {@code m > 0x7f7fffff} is ±∞ or NaN, {@code m < 0x00800000} is zero or subnormal,
 * {@code m == 0} is ±0. The results are the same counts the checks of §3.3 define word by word.
 */
final class VitalsScan {
    private static final VarHandle LITTLE_ENDIAN_WORD = MethodHandles.byteArrayViewVarHandle(int[].class,
            ByteOrder.LITTLE_ENDIAN);
    private final Network network;
    private final List<Parameter> parameters;
    private final int parameterWords;
    /** Where the parameters start in the state's words: six header words, seven with batch-norm buffers. */
    private final int header;
    private final Map<Parameter, int[]> nonZeroPerRow = new IdentityHashMap<>();
    /** The start state's canonical encoding, whose parameter words the end state is compared with; or null. */
    private final byte[] startEncoding;
    /** Where the start state's parameter words are copied when there is no encoding. */
    private final SpareWords spare;
    /** The start state's parameter words in {@code spare}, as little-endian bytes, when there is no encoding. */
    private byte[] parametersBefore;
    private boolean scannedBefore;
    private boolean symmetricUnits;
    private boolean finiteBefore;
    private long subnormalBefore;
    private boolean finiteAfter;
    private long subnormalAfter;
    private long changed;

    /**
     * A scan whose start state is the one {@code startEncoding} encodes (decoded from it, or encoded from the state
     * just before its hash): the end state is compared with those bytes, nothing is copied. The encoding is strict
     * ({@code encode(decode(b)) = b}), so its words are the words the start state's hash builds.
     */
    VitalsScan(Network network, byte[] startEncoding) {
        this(network, startEncoding, null);
    }

    /** A scan that keeps the start state's parameter words in {@code spare}, which its owner reuses step after step. */
    VitalsScan(Network network, SpareWords spare) {
        this(network, null, spare);
    }

    private VitalsScan(Network network, byte[] startEncoding, SpareWords spare) {
        this.network = network;
        this.startEncoding = startEncoding;
        this.spare = spare;
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
        if (startEncoding == null) {
            parametersBefore = spare.holding(words, header, parameterWords);
        } else if (!encodes(words)) {
            throw new IllegalStateException("the start state's encoding is not the state the scan was given");
        }
        scannedBefore = true;
        nonFinite |= nonFiniteFrom(words, at);
        finiteBefore = nonFinite >= 0;
        subnormalBefore = subnormal;
    }

    /** Reads the end state's words; call it with the words the end state's hash was computed from. */
    void after(int[] words) {
        if (!scannedBefore) {
            throw new IllegalStateException("the start state was not scanned");
        }
        int nonFinite = 0;
        long subnormal = 0;
        long differ = 0;
        // Chunks keep the int counters far from overflow whatever the state's size.
        byte[] before = startEncoding == null ? parametersBefore : startEncoding;
        int base = startEncoding == null ? 0 : 4 * header;
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
                int x = bits ^ (int) LITTLE_ENDIAN_WORD.get(before, base + 4 * i);
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

    /**
     * Whether the start encoding has the length and header of {@code words} — a guard against a caller passing
     * another state's bytes, not a proof (that would cost the comparison it saves); the callers pass the bytes the
     * state was decoded from or just encoded to.
     */
    private boolean encodes(int[] words) {
        if (startEncoding.length != 4L * words.length) {
            return false;
        }
        for (int i = 0; i < header; i++) {
            if ((int) LITTLE_ENDIAN_WORD.get(startEncoding, 4 * i) != words[i]) {
                return false;
            }
        }
        return true;
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
