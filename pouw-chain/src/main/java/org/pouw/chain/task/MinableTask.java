package org.pouw.chain.task;

import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.wire.Bytes32;

/**
 * A task blocks may be mined on, as a validator needs it to replay a winning step (docs/chain.md §4.2): the training
 * task (architecture, hyperparameters, dataset root, seed) and the size of its dataset, which the root alone does not
 * fix ({@link DatasetId}).
 */
public record MinableTask(TrainingTask task, int datasetSize) {
    public MinableTask {
        if (task == null) {
            throw new IllegalArgumentException("a minable task needs its training task");
        }
        if (datasetSize < task.hyperparameters().batchSize()) {
            throw new IllegalArgumentException("dataset size must be at least the batch size "
                    + task.hyperparameters().batchSize() + ", got " + datasetSize);
        }
    }

    public Bytes32 id() {
        return task.id();
    }

    public DatasetId datasetId() {
        return new DatasetId(task.datasetRoot(), datasetSize);
    }
}
