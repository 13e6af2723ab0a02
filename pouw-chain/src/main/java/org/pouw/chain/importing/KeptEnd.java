package org.pouw.chain.importing;

import java.nio.charset.StandardCharsets;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;
import org.pouw.ml.wire.EncodingException;

/**
 * A training state at the end of one of this miner's segments (canonical encoding, whose hash a header's
 * {@code endState} names), with the block and task it ended: where its next segment on the task must start
 * (docs/chain.md §5.1), and the final model it commits to (§4.4). Kept across a restart (§11 "Crash recovery"), so a
 * miner restarted in the middle of a task continues its segment chain on it.
 *
 * <p>Record ({@code end-<height>-<state hash hex>}): {@code "pouw-miner-end-v1" ‖ height i64 ‖ task id[32] ‖ task
 * (u32 length ‖ bytes) ‖ state (u32 length ‖ bytes) ‖ BLAKE3 of all before[32]}.
 */
record KeptEnd(long height, Bytes32 task, TrainingTask training, Bytes32 hash, byte[] state) {
    static final String PREFIX = "end-";
    private static final byte[] TAG = "pouw-miner-end-v1".getBytes(StandardCharsets.US_ASCII);

    String name() {
        return PREFIX + height + "-" + hash.hex();
    }

    byte[] encode() {
        byte[] task = training.encode();
        return RecordSeal.seal(new CanonicalWriter(state.length + task.length + 128).raw(TAG).i64(height)
                .bytes32(this.task).bytes(task).bytes(state).toByteArray());
    }

    /**
     * The record {@code name} read back from {@code sealed}: its checksum, its form, and the state's hash against the
     * one its name says are checked; any failure is an {@link EncodingException} saying which.
     */
    static KeptEnd decode(String name, byte[] sealed, ThreadTeam team) {
        CanonicalReader in = new CanonicalReader(RecordSeal.open(sealed));
        in.expectTag(TAG, "kept segment end");
        long height = in.i64InRange("height", 1, Long.MAX_VALUE);
        Bytes32 task = in.bytes32("task id");
        TrainingTask training = TrainingTask.decode(in.bytes("task", 4_096));
        byte[] state = in.bytes("state", KeptSegment.MAX_STATE_BYTES);
        in.requireEnd("kept segment end");
        Bytes32 hash = TrainingState.decode(training, state).hash(team);
        KeptEnd end = new KeptEnd(height, task, training, hash, state);
        if (!end.name().equals(name)) {
            throw new EncodingException("it holds the state " + end.name() + ", not the one its name says");
        }
        return end;
    }
}
