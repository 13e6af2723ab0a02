package org.pouw.chain.mining;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.pouw.crypto.Blake3;
import org.pouw.ml.hash.HashStream;
import org.pouw.ml.wire.Bytes32;

/**
 * The mini-batch of a mined step (docs/chain.md §3.1): B distinct record indices of a dataset of n records, drawn by
 * Floyd's algorithm from the {@link HashStream} keyed by {@code BLAKE3("pouw-chain-batch-v1" ‖ task seed i64 ‖ miner
 * key ‖ tip ‖ t i64)}. The batch — and with it the step's result and its tickets — is unknown until the tip is, so a
 * stored step can not be re-ticketed for a new tip.
 *
 * <p>Floyd's algorithm: for {@code j = n − B … n − 1} draw {@code r} uniform on {@code [0, j]}; take {@code r} unless
 * already taken, else {@code j}. Each B-subset comes out with probability exactly {@code 1 / C(n, B)} (the draws are
 * exactly uniform, {@link HashStream#below}); the records are fed in the order they were taken.
 */
public final class TipKeyedBatch {
    private static final byte[] KEY_DOMAIN = "pouw-chain-batch-v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HASH_DOMAIN = "pouw-chain-batch-ids-v1".getBytes(StandardCharsets.US_ASCII);

    private TipKeyedBatch() {
    }

    public static Bytes32 key(long taskSeed, Bytes32 miner, Bytes32 tip, long step) {
        return Bytes32.of(Blake3.hash(KEY_DOMAIN, longBytes(taskSeed), miner.toArray(), tip.toArray(),
                longBytes(step)));
    }

    public static int[] draw(long taskSeed, Bytes32 miner, Bytes32 tip, long step, int datasetSize, int batchSize) {
        if (batchSize < 1 || batchSize > datasetSize) {
            throw new IllegalArgumentException("batch size must be in [1, dataset size " + datasetSize + "], got "
                    + batchSize);
        }
        HashStream stream = new HashStream(key(taskSeed, miner, tip, step));
        Set<Integer> taken = new HashSet<>();
        int[] batch = new int[batchSize];
        int at = 0;
        for (int j = datasetSize - batchSize; j < datasetSize; j++) {
            int r = (int) stream.below(j + 1L);
            int pick = taken.contains(r) ? j : r;
            taken.add(pick);
            batch[at++] = pick;
        }
        return batch;
    }

    /** What a leaf commits to: {@code BLAKE3("pouw-chain-batch-ids-v1" ‖ B u32 ‖ each index u32)}, big-endian. */
    public static Bytes32 hash(int[] batch) {
        ByteBuffer ids = ByteBuffer.allocate(4 + 4 * batch.length).putInt(batch.length);
        for (int index : batch) {
            ids.putInt(index);
        }
        return Bytes32.of(Blake3.hash(HASH_DOMAIN, ids.array()));
    }

    private static byte[] longBytes(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }
}
