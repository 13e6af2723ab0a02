package org.pouw.chain.tx;

import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;

/**
 * A participant's commitment to its final model of a task, before the task's commit deadline (docs/chain.md §4.4):
 * {@code FinalModelCommitment.of(task, sender, model hash, salt)}. One per (task, key); it freezes the sender's
 * segment chain on the task. It names the segment end it commits to (public already: the header of the sender's block
 * that recorded it carries it) and applies only where that is the sender's end: a commitment a reorg sent back to the
 * mempools from a branch where the sender's end was another can not be mined there, where it could never be revealed.
 * Encoding: {@code task id ‖ segment end ‖ commitment}.
 */
public record FinalModelCommit(Bytes32 taskId, Bytes32 segmentEnd, Bytes32 commitment) implements TxBody {
    public FinalModelCommit {
        if (taskId == null || segmentEnd == null || commitment == null) {
            throw new IllegalArgumentException("task id, segment end and commitment must be set");
        }
    }

    @Override
    public TxKind kind() {
        return TxKind.FINAL_MODEL_COMMIT;
    }

    @Override
    public void writeTo(CanonicalWriter out) {
        out.bytes32(taskId).bytes32(segmentEnd).bytes32(commitment);
    }

    static FinalModelCommit read(CanonicalReader in) {
        return new FinalModelCommit(in.bytes32("task id"), in.bytes32("segment end"), in.bytes32("commitment"));
    }
}
