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
 * The state words a step's vitals need (docs/chain.md §3.3), read while the state hash writes them
 * ({@code TrainingState.hash(team, reader)}): each row of the canonical encoding as soon as it is written, while it is
 * still in cache, so the state is neither encoded again nor read back in a pass of its own (that second pass, over
 * words the hash had already pushed out of the nearer caches, was most of the scans' cost). Before the step the scan
 * notes, per word: finite, subnormal (parameters), zero (per parameter row, the non-zero counts {@link ForwardWork}
 * prices products with); {@link SymmetricUnits} reads the whole start words once the hash is done; after the step:
 * finite, subnormal, and changed against the start state's parameter words. What a row yields is kept per row, so
 * the rows may be read by any of the team's threads.
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
    /** The parameters' rows, the encoding's first rows. */
    private final int parameterRows;
    /** Where the parameters start in the state's words: six header words, seven with batch-norm buffers. */
    private final int header;
    private final Map<Parameter, int[]> nonZeroPerRow = new IdentityHashMap<>();
    /** The start state's canonical encoding, whose parameter words the end state is compared with; or null. */
    private final byte[] startEncoding;
    /** Where the start state's parameter words are copied when there is no encoding. */
    private final SpareWords spare;
    /** The start state's parameter words in {@code spare}, as little-endian bytes, when there is no encoding. */
    private byte[] parametersBefore;
    private final StartRows start;
    private final EndRows end;
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
        int rows = 0;
        for (Parameter parameter : parameters) {
            rows += parameter.rows();
        }
        this.parameterRows = rows;
        this.start = new StartRows();
        this.end = new EndRows();
    }

    /** The reader to hash the start state with: {@code state.hash(team, scan.start())}. */
    TrainingState.RowReader start() {
        return start;
    }

    /** The reader to hash the end state with, after the start state's: {@code state.hash(team, scan.end())}. */
    TrainingState.RowReader end() {
        return end;
    }

    /** Reads the start state's words in full, as a hash with {@link #start()} would (the parameters row by row). */
    void before(int[] words) {
        readWhole(start, words);
    }

    /** Reads the end state's words in full, as a hash with {@link #end()} would. */
    void after(int[] words) {
        readWhole(end, words);
    }

    /** The parameter rows one by one, the slots and buffers after them as one row: their rows only need be finite. */
    private void readWhole(TrainingState.RowReader reader, int[] words) {
        reader.begin(parameterRows + 1);
        int at = header;
        int row = 0;
        for (Parameter parameter : parameters) {
            for (int r = 0; r < parameter.rows(); r++) {
                reader.row(row++, words, at, parameter.columns());
                at += parameter.columns();
            }
        }
        reader.row(row, words, at, words.length - at);
        reader.all(words);
    }

    /**
     * The start state's rows: per parameter row its zero and zero-or-subnormal words; per row whether a word is ±∞ or
     * NaN (a negative value).
     */
    private final class StartRows implements TrainingState.RowReader {
        private final int[] zeros = new int[parameterRows];
        private final int[] small = new int[parameterRows];
        private int[] nonFinite = new int[0];
        private int rows;

        @Override
        public void begin(int rows) {
            if (nonFinite.length < rows) {
                nonFinite = new int[rows];
            }
            this.rows = rows;
            scannedBefore = false;
        }

        @Override
        public void row(int index, int[] words, int at, int length) {
            int notFinite = 0;
            if (index >= parameterRows) {
                for (int j = at; j < at + length; j++) {
                    notFinite |= 0x7f7fffff - (words[j] & 0x7fffffff);
                }
                nonFinite[index] = notFinite;
                return;
            }
            int zero = 0;
            int belowNormal = 0;
            for (int j = at; j < at + length; j++) {
                int m = words[j] & 0x7fffffff;
                notFinite |= 0x7f7fffff - m;
                zero += (m - 1) >>> 31;
                belowNormal += (m - 0x00800000) >>> 31;
            }
            nonFinite[index] = notFinite;
            zeros[index] = zero;
            small[index] = belowNormal;
        }

        @Override
        public void all(int[] words) {
            long subnormal = 0;
            int row = 0;
            for (Parameter parameter : parameters) {
                int[] nonZero = new int[parameter.rows()];
                for (int r = 0; r < nonZero.length; r++, row++) {
                    nonZero[r] = parameter.columns() - zeros[row];
                    subnormal += small[row] - zeros[row];
                }
                nonZeroPerRow.put(parameter, nonZero);
            }
            symmetricUnits = SymmetricUnits.present(network, words);
            if (startEncoding == null) {
                parametersBefore = spare.holding(words, header, parameterWords);
            } else if (!encodes(words)) {
                throw new IllegalStateException("the start state's encoding is not the state the scan was given");
            }
            finiteBefore = allFinite(nonFinite, rows);
            subnormalBefore = subnormal;
            scannedBefore = true;
        }
    }

    /**
     * The end state's rows: per parameter row its zero, zero-or-subnormal and changed words; per row whether a word is
     * ±∞ or NaN.
     */
    private final class EndRows implements TrainingState.RowReader {
        private final int[] zeros = new int[parameterRows];
        private final int[] small = new int[parameterRows];
        private final int[] different = new int[parameterRows];
        private int[] nonFinite = new int[0];
        private int rows;

        @Override
        public void begin(int rows) {
            if (!scannedBefore) {
                throw new IllegalStateException("the start state was not scanned");
            }
            if (nonFinite.length < rows) {
                nonFinite = new int[rows];
            }
            this.rows = rows;
        }

        @Override
        public void row(int index, int[] words, int at, int length) {
            int notFinite = 0;
            if (index >= parameterRows) {
                for (int j = at; j < at + length; j++) {
                    notFinite |= 0x7f7fffff - (words[j] & 0x7fffffff);
                }
                nonFinite[index] = notFinite;
                return;
            }
            byte[] before = startEncoding == null ? parametersBefore : startEncoding;
            // the same word of the start state: in the encoding at the same place, in the spare without the header
            int base = startEncoding == null ? 4 * (at - header) : 4 * at;
            int zero = 0;
            int belowNormal = 0;
            int differ = 0;
            for (int j = 0; j < length; j++) {
                int bits = words[at + j];
                int m = bits & 0x7fffffff;
                notFinite |= 0x7f7fffff - m;
                zero += (m - 1) >>> 31;
                belowNormal += (m - 0x00800000) >>> 31;
                int x = bits ^ (int) LITTLE_ENDIAN_WORD.get(before, base + 4 * j);
                differ += (x | -x) >>> 31;
            }
            nonFinite[index] = notFinite;
            zeros[index] = zero;
            small[index] = belowNormal;
            different[index] = differ;
        }

        @Override
        public void all(int[] words) {
            long subnormal = 0;
            long differ = 0;
            for (int row = 0; row < parameterRows; row++) {
                subnormal += small[row] - zeros[row];
                differ += different[row];
            }
            finiteAfter = allFinite(nonFinite, rows);
            subnormalAfter = subnormal;
            changed = differ;
        }
    }

    /** Whether none of the first {@code rows} rows' values is negative (a row with a word ±∞ or NaN). */
    private static boolean allFinite(int[] nonFinite, int rows) {
        int any = 0;
        for (int r = 0; r < rows; r++) {
            any |= nonFinite[r];
        }
        return any >= 0;
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
}
