package org.pouw.ml.data;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.pouw.crypto.Blake3;
import org.pouw.ml.hash.HashStream;
import org.pouw.ml.wire.Bytes32;

/**
 * Which records step t trains on — a function of (seed, t) alone, so neither worker nor verifier chooses data.
 *
 * <p>Training runs in epochs of {@code ⌊n / batch⌋} steps; epoch e visits the records in a Fisher–Yates shuffle
 * driven by a BLAKE3 counter stream keyed by {@code BLAKE3("pouw-ml-epoch-v1" ‖ seed ‖ e)}, and step t takes the
 * next {@code batch} indices of its epoch's order (the few records left over at the end of an epoch are skipped
 * that epoch, like PyTorch's {@code drop_last=True}). Draws come from a {@link HashStream}, exactly uniform.
 */
public final class BatchSchedule {
    private static final byte[] EPOCH_DOMAIN = "pouw-ml-epoch-v1".getBytes(StandardCharsets.US_ASCII);

    private final long seed;
    private final int size;
    private final int batchSize;
    private final long stepsPerEpoch;
    private long cachedEpoch = -1;
    private int[] cachedOrder;

    public BatchSchedule(long seed, int datasetSize, int batchSize) {
        if (batchSize < 1 || batchSize > datasetSize) {
            throw new IllegalArgumentException("batch size must be in [1, dataset size " + datasetSize + "], got " + batchSize);
        }
        this.seed = seed;
        this.size = datasetSize;
        this.batchSize = batchSize;
        this.stepsPerEpoch = datasetSize / batchSize;
    }

    public long stepsPerEpoch() {
        return stepsPerEpoch;
    }

    /** The record indices of step {@code step}'s mini-batch, in the order they are fed. */
    public synchronized int[] batch(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
        long epoch = step / stepsPerEpoch;
        if (epoch != cachedEpoch) {
            cachedOrder = epochOrder(epoch);
            cachedEpoch = epoch;
        }
        int offset = (int) (step % stepsPerEpoch) * batchSize;
        int[] ids = new int[batchSize];
        System.arraycopy(cachedOrder, offset, ids, 0, batchSize);
        return ids;
    }

    private int[] epochOrder(long epoch) {
        byte[] key = Blake3.hash(EPOCH_DOMAIN, longBytes(seed), longBytes(epoch));
        HashStream stream = new HashStream(Bytes32.of(key));
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = (int) stream.below(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    private static byte[] longBytes(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }
}
