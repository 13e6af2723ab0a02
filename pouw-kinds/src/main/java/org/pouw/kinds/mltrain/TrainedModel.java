package org.pouw.kinds.mltrain;

import org.pouw.ml.audit.TrainingOpening;
import org.pouw.ml.model.ModelFile;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.TrainingState;

/**
 * The model a client paid for, taken from the accepted opening (its final training state, which the node checked
 * hashes to the committed one) and written as a {@link ModelFile} that {@code pouw ml evaluate} reads.
 */
public final class TrainedModel {
    private TrainedModel() {
    }

    public static byte[] modelFile(byte[] encodedTask, byte[] acceptedOpening) {
        TrainingTask task = TrainingTask.decode(encodedTask);
        TrainingState state = TrainingState.decode(task, TrainingOpening.decode(acceptedOpening).finalState());
        return ModelFile.encode(task.architecture(), state.network());
    }
}
