package org.pouw.chain.tx;

import java.util.Arrays;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;

/**
 * Reveals a committed final model after the commit deadline (docs/chain.md §4.4): the salt of the commitment and
 * the model itself, the canonical encoding of pouw-ml's {@code TrainingState} (at most {@value #MAX_MODEL_BYTES}
 * bytes, F_max). Its BLAKE3 must be the end of the sender's own segment chain on the task. Encoding: {@code task id ‖
 * salt ‖ model (u32 length ‖ bytes)}.
 */
public record FinalModelReveal(Bytes32 taskId, Bytes32 salt, byte[] model) implements TxBody {
    /** F_max (docs/chain.md §6): a 4 MiB state holds an SGD model of about 520,000 parameters. */
    public static final int MAX_MODEL_BYTES = 4 << 20;

    public FinalModelReveal {
        if (taskId == null || salt == null || model == null) {
            throw new IllegalArgumentException("task id, salt and model must be set");
        }
        if (model.length > MAX_MODEL_BYTES) {
            throw new IllegalArgumentException("model must be at most " + MAX_MODEL_BYTES + " bytes, got "
                    + model.length);
        }
        model = model.clone();
    }

    @Override
    public byte[] model() {
        return model.clone();
    }

    @Override
    public TxKind kind() {
        return TxKind.FINAL_MODEL_REVEAL;
    }

    @Override
    public void writeTo(CanonicalWriter out) {
        out.bytes32(taskId).bytes32(salt).bytes(model);
    }

    static FinalModelReveal read(CanonicalReader in) {
        return new FinalModelReveal(in.bytes32("task id"), in.bytes32("salt"), in.bytes("model", MAX_MODEL_BYTES));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FinalModelReveal that && taskId.equals(that.taskId) && salt.equals(that.salt)
                && Arrays.equals(model, that.model);
    }

    @Override
    public int hashCode() {
        return 31 * taskId.hashCode() + Arrays.hashCode(model);
    }

    @Override
    public String toString() {
        return "FinalModelReveal[" + taskId.hex().substring(0, 12) + "…, " + model.length + " bytes]";
    }
}
