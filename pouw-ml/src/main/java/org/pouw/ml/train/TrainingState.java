package org.pouw.ml.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.List;
import java.util.function.Consumer;
import org.pouw.crypto.Blake3Words;
import org.pouw.ml.InvalidSpecException;
import org.pouw.ml.model.Network;
import org.pouw.ml.model.Parameter;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.EncodingException;

/**
 * Everything a training step reads and writes: the network's parameters, the optimiser's slots and the number of
 * steps already taken. A step commits to this whole state before and after (weights alone would not do: a
 * step cannot be replayed without the momentum it starts from).
 *
 * <p>Canonical encoding, all little-endian 32-bit words so that hashing needs no byte shuffling (BLAKE3 reads
 * its input as little-endian words): {@code "PMLS"}, version 1, steps done (u64), parameter count P (u32),
 * slot count S (u32), then P parameter floats (parameters in network order, rows in order), then S × P slot
 * floats. Floats are IEEE-754 bits with NaN canonicalised to {@code 0x7fc00000}; the decoder rejects any other
 * NaN, so encode(decode(b)) = b for every accepted b. The state hash is BLAKE3 of this encoding.
 *
 * <p>A network with buffers (batch normalisation's running averages, see {@link org.pouw.ml.model.Layer#buffers()})
 * is encoded as version 2: the same header followed by the buffer count B (u32), then the parameters and slots as
 * above, then the B buffer floats. Networks without buffers keep version 1, so their states and hashes are
 * unchanged.
 */
public final class TrainingState {
    private static final int MAGIC = 'P' | ('M' << 8) | ('L' << 16) | ('S' << 24);
    private static final int VERSION = 1;
    private static final int VERSION_WITH_BUFFERS = 2;
    private static final int CANONICAL_NAN = Float.floatToIntBits(Float.NaN);

    private final Network network;
    private final OptimizerSpec optimizer;
    /** {@code slots[s][p]} is slot s of parameter p, shaped like it. */
    private final float[][][][] slots;
    private final long parameterCount;
    private final long bufferCount;
    private final int headerWords;
    private long stepsDone;
    private static final int MIN_ROWS_PER_PART = 64;
    private int[] words;
    private float[][] wordRows;
    private int[] wordOffsets;

    private TrainingState(Network network, OptimizerSpec optimizer, long stepsDone) {
        this.network = network;
        this.optimizer = optimizer;
        this.stepsDone = stepsDone;
        List<Parameter> parameters = network.parameters();
        this.slots = new float[optimizer.slotCount()][parameters.size()][][];
        for (int s = 0; s < slots.length; s++) {
            for (int p = 0; p < parameters.size(); p++) {
                slots[s][p] = new float[parameters.get(p).rows()][parameters.get(p).columns()];
            }
        }
        this.parameterCount = network.parameterCount();
        this.bufferCount = network.bufferCount();
        this.headerWords = headerWords(network);
        long total = headerWords + parameterCount * (1 + optimizer.slotCount()) + bufferCount;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("training state of " + total + " words is too large to encode");
        }
    }

    /**
     * Step 0's state: parameters drawn from the task seed, slots zero. A task that starts from given weights has no
     * such state: {@link #start} takes its weights.
     */
    public static TrainingState initial(TrainingTask task) {
        if (task.startsFromGivenWeights()) {
            throw new InvalidSpecException("task " + task.id() + " starts from given weights (initial state "
                    + task.initialState() + "), not from its seed; load them with TrainingState.start");
        }
        Network network = task.architecture().build();
        network.initialise(task.seed());
        return new TrainingState(network, task.hyperparameters().optimizer(), 0);
    }

    /**
     * Step 0's state of {@code task}: from its seed, or, for a task that starts from given weights, the state
     * {@code given} encodes (see {@link #startingWith}), which must be one of this task's shape with no step done,
     * zero optimiser slots and the hash the task names. {@code given} is ignored for a seeded task.
     */
    public static TrainingState start(TrainingTask task, byte[] given) {
        if (!task.startsFromGivenWeights()) {
            return initial(task);
        }
        InvalidSpecException.require(given != null, "initial state", "given for a task that starts from given weights",
                null);
        TrainingState state;
        try {
            state = decode(task, given);
        } catch (EncodingException e) {
            throw new InvalidSpecException("initial state: " + e.getMessage());
        }
        InvalidSpecException.require(state.stepsDone == 0, "initial state", "a state with no step done",
                state.stepsDone);
        for (float[][][] slot : state.slots) {
            for (float[][] tensor : slot) {
                for (float[] row : tensor) {
                    for (float x : row) {
                        if (Float.floatToRawIntBits(x) != 0) {
                            throw new InvalidSpecException("initial state: optimiser slots must start at +0.0, found "
                                    + x);
                        }
                    }
                }
            }
        }
        try (ThreadTeam team = ThreadTeam.single()) {
            Bytes32 hash = state.hash(team);
            if (!hash.equals(task.initialState())) {
                throw new InvalidSpecException("initial state: hashes to " + hash + ", the task names "
                        + task.initialState());
            }
        }
        return state;
    }

    /**
     * The step-0 state of a network whose weights (and buffers) are already set, with zero optimiser slots: what a
     * task that starts from given weights names by hash.
     */
    public static TrainingState startingWith(Network network, OptimizerSpec optimizer) {
        return new TrainingState(network, optimizer, 0);
    }

    public Network network() {
        return network;
    }

    public long stepsDone() {
        return stepsDone;
    }

    void advance() {
        stepsDone++;
    }

    float[][] slot(int slot, int parameter) {
        return slots[slot][parameter];
    }

    int slotCount() {
        return slots.length;
    }

    /**
     * Words before the first parameter in the canonical encoding of a state of {@code network}: six (magic …
     * slot count), seven when the network keeps buffers (the buffer count follows). Whoever reads parameters out
     * of the encoded words starts here.
     */
    public static int headerWords(Network network) {
        return network.bufferCount() == 0 ? 6 : 7;
    }

    public int wordCount() {
        return (int) (headerWords + parameterCount * (1 + slots.length) + bufferCount);
    }

    /** The canonical encoding (see the class comment). */
    public byte[] encode() {
        int[] canonical = fillWords(new int[wordCount()]);
        ByteBuffer bytes = ByteBuffer.allocate(canonical.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asIntBuffer().put(canonical);
        return bytes.array();
    }

    /** BLAKE3 of {@link #encode()}, computed from a reused word buffer without building the bytes. */
    public Bytes32 hash(ThreadTeam team) {
        if (words == null) {
            words = new int[wordCount()];
            wordRows = rowsInEncodingOrder();
        }
        writeHeader(words);
        int[] out = words;
        float[][] rows = wordRows;
        int[] offsets = wordOffsets(rows);
        team.forRange(rows.length, MIN_ROWS_PER_PART, (from, to) -> {
            for (int r = from; r < to; r++) {
                putRow(rows[r], out, offsets[r]);
            }
        });
        return Bytes32.of(Blake3Words.hashInts(out, out.length, (count, task) -> team.forRange(count, task::run)));
    }

    /**
     * {@link #hash(ThreadTeam)}, then hands {@code words} the canonical encoding's words the hash was computed from
     * (the hash builds them anyway), so a caller that must scan the state — the chain's liveness checks — reads
     * them without encoding the state again. The array is this state's reused buffer: valid until the next hash,
     * and the reader must not change it.
     */
    public Bytes32 hash(ThreadTeam team, Consumer<int[]> words) {
        Bytes32 hash = hash(team);
        words.accept(this.words);
        return hash;
    }

    /** Every parameter row, then every slot row, then every buffer row, in the order the encoding lists them. */
    private float[][] rowsInEncodingOrder() {
        java.util.List<float[]> rows = new java.util.ArrayList<>();
        for (Parameter p : network.parameters()) {
            rows.addAll(java.util.Arrays.asList(p.value()));
        }
        for (float[][][] slot : slots) {
            for (float[][] tensor : slot) {
                rows.addAll(java.util.Arrays.asList(tensor));
            }
        }
        for (Parameter b : network.buffers()) {
            rows.addAll(java.util.Arrays.asList(b.value()));
        }
        return rows.toArray(new float[0][]);
    }

    private int[] wordOffsets(float[][] rows) {
        if (wordOffsets == null) {
            wordOffsets = new int[rows.length];
            int at = headerWords;
            for (int r = 0; r < rows.length; r++) {
                wordOffsets[r] = at;
                at += rows[r].length;
            }
        }
        return wordOffsets;
    }

    private void writeHeader(int[] out) {
        out[0] = MAGIC;
        out[1] = bufferCount == 0 ? VERSION : VERSION_WITH_BUFFERS;
        out[2] = (int) stepsDone;
        out[3] = (int) (stepsDone >>> 32);
        out[4] = (int) parameterCount;
        out[5] = slots.length;
        if (bufferCount != 0) {
            out[6] = (int) bufferCount;
        }
    }

    private int[] fillWords(int[] out) {
        writeHeader(out);
        int at = headerWords;
        List<Parameter> parameters = network.parameters();
        for (Parameter p : parameters) {
            at = put(p.value(), out, at);
        }
        for (float[][][] slot : slots) {
            for (float[][] tensor : slot) {
                at = put(tensor, out, at);
            }
        }
        for (Parameter b : network.buffers()) {
            at = put(b.value(), out, at);
        }
        return out;
    }

    private static int put(float[][] tensor, int[] out, int at) {
        for (float[] row : tensor) {
            putRow(row, out, at);
            at += row.length;
        }
        return at;
    }

    /** IEEE bits with every NaN canonical; written as a select so the JIT can vectorise it. */
    private static void putRow(float[] row, int[] out, int at) {
        for (int j = 0; j < row.length; j++) {
            float x = row[j];
            out[at + j] = x != x ? CANONICAL_NAN : Float.floatToRawIntBits(x);
        }
    }

    /** Decodes a state of {@code task}'s shape strictly; anything else throws {@link EncodingException}. */
    public static TrainingState decode(TrainingTask task, byte[] bytes) {
        Network network = task.architecture().build();
        TrainingState state = new TrainingState(network, task.hyperparameters().optimizer(), 0);
        int expected = state.wordCount();
        if (bytes.length != 4L * expected) {
            throw new EncodingException("training state: " + bytes.length + " bytes, this task's state has " + 4L * expected);
        }
        IntBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
        int version = state.bufferCount == 0 ? VERSION : VERSION_WITH_BUFFERS;
        if (in.get(0) != MAGIC || in.get(1) != version) {
            throw new EncodingException("training state: wrong magic or version");
        }
        long steps = (in.get(2) & 0xFFFFFFFFL) | ((long) in.get(3) << 32);
        if (steps < 0 || steps > task.steps()) {
            throw new EncodingException("training state: steps done " + steps + " outside [0, " + task.steps() + "]");
        }
        if (in.get(4) != (int) state.parameterCount || in.get(5) != state.slots.length
                || (state.bufferCount != 0 && in.get(6) != (int) state.bufferCount)) {
            throw new EncodingException("training state: header counts do not match the task's architecture and optimizer");
        }
        state.stepsDone = steps;
        int[] at = {state.headerWords};
        for (Parameter p : network.parameters()) {
            take(in, p.value(), at);
        }
        for (float[][][] slot : state.slots) {
            for (float[][] tensor : slot) {
                take(in, tensor, at);
            }
        }
        for (Parameter b : network.buffers()) {
            take(in, b.value(), at);
        }
        return state;
    }

    private static void take(IntBuffer in, float[][] tensor, int[] at) {
        for (float[] row : tensor) {
            for (int j = 0; j < row.length; j++) {
                int bits = in.get(at[0]++);
                float value = Float.intBitsToFloat(bits);
                if (value != value && bits != CANONICAL_NAN) {
                    throw new EncodingException("training state: non-canonical NaN at word " + (at[0] - 1));
                }
                row[j] = value;
            }
        }
    }

    /** An independent copy (same task shape, same values). */
    public TrainingState copy(TrainingTask task) {
        return decode(task, encode());
    }
}
