package org.pouw.kinds.mltrain;

import org.pouw.core.work.BlobSource;
import org.pouw.core.work.WorkFailedException;
import org.pouw.core.work.WorkItem;
import org.pouw.ml.MlException;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.data.DatasetCodec;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.TrainingState;

/**
 * An {@code ml-train} job's task and data, decoded from its blobs and checked against each other: the task's id is
 * the job's trace hash, and each dataset's Merkle root is the one the task names. Decoding and hashing the data
 * costs a fraction of a second per megabyte, so {@link LoadedTasks} keeps the last few.
 *
 * <p>The node loads all three ({@link #load}); a worker loads the task and the training set only
 * ({@link #loadForTraining}), {@code heldOut} then null: the node does not let a worker read the held-out set.
 * {@code init} is the encoded start state of a task that starts from given weights, checked against the hash the task
 * names; null for a seeded task. The verifier needs only that hash, but loads the state with the rest.
 */
record LoadedTask(MlTrainParams params, TrainingTask task, Dataset training, Dataset heldOut, byte[] init) {
    static LoadedTask load(WorkItem item) {
        LoadedTask forTraining = loadForTraining(item);
        Dataset heldOut = dataset(item.blobs(), forTraining.params().heldOutBlob(), "held-out set");
        if (!heldOut.root().equals(forTraining.task().heldOutRoot())) {
            throw new WorkFailedException("the held-out set's root " + heldOut.root() + " is not the task's "
                    + forTraining.task().heldOutRoot());
        }
        return new LoadedTask(forTraining.params(), forTraining.task(), forTraining.training(), heldOut,
                forTraining.init());
    }

    static LoadedTask loadForTraining(WorkItem item) {
        MlTrainParams params = MlTrainParams.parse(item.params());
        TrainingTask task = task(item);
        Dataset training = dataset(item.blobs(), params.trainBlob(), "training set");
        if (!training.root().equals(task.datasetRoot())) {
            throw new WorkFailedException("the training set's root " + training.root() + " is not the task's "
                    + task.datasetRoot());
        }
        return new LoadedTask(params, task, training, null, init(item.blobs(), params, task));
    }

    /** The step-0 state the worker trains from: the task's seed's, or the given weights'. */
    TrainingState start() {
        return TrainingState.start(task, init);
    }

    private static byte[] init(BlobSource blobs, MlTrainParams params, TrainingTask task) {
        if (!task.startsFromGivenWeights()) {
            if (params.initBlob() != null) {
                throw new WorkFailedException("the job names an initial state, but its task starts from its seed");
            }
            return null;
        }
        if (params.initBlob() == null) {
            throw new WorkFailedException("the task starts from given weights, but the job names no init_blob");
        }
        byte[] init = blobs.fetch(params.initBlob());
        try {
            TrainingState.start(task, init);
        } catch (MlException e) {
            throw new WorkFailedException("the job's initial state is not its task's: " + e.getMessage());
        }
        return init;
    }

    boolean hasHeldOut() {
        return heldOut != null;
    }

    /** The task alone (cheap: a few hundred bytes), checked to be the one the job names. */
    static TrainingTask task(WorkItem item) {
        TrainingTask task;
        try {
            task = TrainingTask.decode(item.blobs().fetch(item.traceRef()));
        } catch (MlException e) {
            throw new WorkFailedException("the job's task does not decode: " + e.getMessage());
        }
        if (!task.id().hex().equals(item.traceHash())) {
            throw new WorkFailedException("the job's task has id " + task.id().hex() + ", not the job's "
                    + item.traceHash());
        }
        return task;
    }

    private static Dataset dataset(BlobSource blobs, String key, String what) {
        try {
            return DatasetCodec.decode(blobs.fetch(key));
        } catch (MlException e) {
            throw new WorkFailedException("the " + what + " does not decode: " + e.getMessage());
        }
    }
}
