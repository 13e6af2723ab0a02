package org.pouw.kinds.mltrain;

import org.pouw.core.PouwException;
import org.pouw.core.id.Hash32;
import org.pouw.core.job.JobNeeds;
import org.pouw.core.market.PlannedJob;
import org.pouw.core.port.BlobStore;
import org.pouw.crypto.Blake3;
import org.pouw.ml.MlException;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.data.DatasetCodec;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/**
 * Turns a client's training task into its one {@code ml-train} job, after checking everything a worker would
 * otherwise trip over later: the task decodes, both datasets are stored and are the ones the task names (by Merkle
 * root), their shape fits the architecture, and the run is within the node's step limit. The task's encoding
 * becomes the job's blob and its id the job's trace hash.
 */
public final class MlTrainIntents {
    /** A training state's header words, rounded up generously to bytes. */
    private static final long STATE_HEADER_BYTES = 256;
    /** An opened step's hashes and two Merkle paths, at most (the opening encoder reserves as much). */
    private static final long OPENED_STEP_PATH_BYTES = 1_200;
    private final BlobStore blobs;
    private final MlTrainKind kind;
    private final long maxSteps;
    private final int audits;
    private final int missedTargetRewardPercent;

    /** {@code kind} is this node's verifier, handed the data checked here so it need not decode it again. */
    public MlTrainIntents(BlobStore blobs, MlTrainKind kind, long maxSteps, int audits,
                          int missedTargetRewardPercent) {
        this.blobs = blobs;
        this.kind = kind;
        this.maxSteps = maxSteps;
        this.audits = audits;
        this.missedTargetRewardPercent = missedTargetRewardPercent;
    }

    public record Planned(TrainingTask task, PlannedJob job) {
    }

    /** Stores a dataset sent in its {@code PMLD} encoding; refuses bytes that are not one, naming the field. */
    public StoredDataset storeDataset(byte[] encoded) {
        Dataset data;
        try {
            data = DatasetCodec.decode(encoded);
        } catch (MlException e) {
            throw PouwException.invalid("dataset", e.getMessage());
        }
        return new StoredDataset(blobs.put(encoded), data.root().hex(), data.size(), data.featureCount(),
                data.classes(), encoded.length);
    }

    /** A stored dataset: the blob key to name in a task submission, and what the task must commit to. */
    public record StoredDataset(String blob, String root, int records, int features, int classes, long bytes) {
    }

    public Planned plan(byte[] encodedTask, String trainBlob, String heldOutBlob) {
        return plan(encodedTask, trainBlob, heldOutBlob, null);
    }

    /**
     * A task and its datasets; {@code initBlob} is the stored start state of a task that starts from given weights
     * (null for a seeded one), which must be exactly the state the task names by hash.
     */
    public Planned plan(byte[] encodedTask, String trainBlob, String heldOutBlob, String initBlob) {
        TrainingTask task;
        try {
            task = TrainingTask.decode(encodedTask);
        } catch (MlException e) {
            throw PouwException.invalid("task", e.getMessage());
        }
        requireStepsAllowed(task, "task");
        Dataset training = stored(trainBlob, "train_blob");
        Dataset heldOut = stored(heldOutBlob, "held_out_blob");
        byte[] init = initialState(task, initBlob);
        return plan(task, encodedTask, trainBlob, heldOutBlob, initBlob, init, training, heldOut, "task");
    }

    /** Completes a task the node is given as a spec: everything but the datasets' roots, which it reads itself. */
    @FunctionalInterface
    public interface TaskBuilder {
        TrainingTask build(Bytes32 trainRoot, Bytes32 heldOutRoot);
    }

    /**
     * {@link #plan(byte[], String, String)} for a task built here from the stored datasets' roots; a task the
     * builder cannot make (a fee, step count or batch size out of bounds) is refused naming {@code field}.
     */
    public Planned plan(TaskBuilder builder, String trainBlob, String heldOutBlob, String field) {
        return plan(builder, trainBlob, heldOutBlob, null, field);
    }

    /**
     * {@link #plan(TaskBuilder, String, String, String)} starting from the stored state {@code initBlob} (null: from
     * the seed): the node names the state's hash in the task it completes.
     */
    public Planned plan(TaskBuilder builder, String trainBlob, String heldOutBlob, String initBlob, String field) {
        Dataset training = stored(trainBlob, "train_blob");
        Dataset heldOut = stored(heldOutBlob, "held_out_blob");
        TrainingTask task;
        try {
            task = builder.build(training.root(), heldOut.root());
        } catch (MlException e) {
            throw PouwException.invalid(field, e.getMessage());
        }
        requireStepsAllowed(task, field);
        if (initBlob != null) {
            task = task.withInitialState(stateHash(task, initBlob));
        }
        byte[] init = initialState(task, initBlob);
        return plan(task, task.encode(), trainBlob, heldOutBlob, initBlob, init, training, heldOut, field);
    }

    /** The hash of the stored state {@code initBlob} read as a start state of {@code seeded}'s shape. */
    private Bytes32 stateHash(TrainingTask seeded, String initBlob) {
        byte[] bytes = initBytes(initBlob);
        try (ThreadTeam team = ThreadTeam.single()) {
            return TrainingState.decode(seeded, bytes).hash(team);
        } catch (MlException e) {
            throw PouwException.invalid("init_blob", "is not a start state of this task's architecture and optimiser: "
                    + e.getMessage());
        }
    }

    /**
     * The start state a task names, checked: present exactly when the task starts from given weights, of the task's
     * shape, no step done, zero optimiser slots and the hash the task names. Null for a seeded task.
     */
    private byte[] initialState(TrainingTask task, String initBlob) {
        if (!task.startsFromGivenWeights()) {
            if (initBlob != null) {
                throw PouwException.invalid("init_blob", "is given, but the task starts from its seed (a task that"
                        + " starts from given weights names their state's hash)");
            }
            return null;
        }
        if (initBlob == null) {
            throw PouwException.invalid("init_blob", "is missing: the task starts from the state "
                    + task.initialState().hex() + " (upload it with POST /v1/ml/initial-states)");
        }
        byte[] bytes = initBytes(initBlob);
        try {
            TrainingState.start(task, bytes);
        } catch (MlException e) {
            throw PouwException.invalid("init_blob", e.getMessage());
        }
        return bytes;
    }

    private byte[] initBytes(String initBlob) {
        return blobs.get(initBlob).orElseThrow(() -> PouwException.invalid("init_blob", "no initial state is stored as "
                + initBlob + " (POST it to /v1/ml/initial-states first)"));
    }

    /** Stores a start state sent in its {@code PMLS} encoding; its shape is checked when a task names it. */
    public StoredState storeInitialState(byte[] encoded) {
        if (encoded.length < 24) {
            throw PouwException.invalid("initial_state", "is " + encoded.length + " bytes, shorter than a training"
                    + " state's header");
        }
        return new StoredState(blobs.put(encoded), Bytes32.of(Blake3.hash(encoded)).hex(), encoded.length);
    }

    /** A stored start state: the blob key a task submission names, and its hash (what a task names). */
    public record StoredState(String blob, String stateHash, long bytes) {
    }

    /**
     * Every check {@link #plan} makes of a task and its two datasets that needs no stored blob — the node's step limit,
     * the records' shape against the architecture, the batch against the training set — so a caller posting many tasks
     * (a sweep) can refuse a bad one before it stores anything. Refusals name {@code field}.
     */
    public void check(TrainingTask task, Dataset training, Dataset heldOut, String field) {
        requireStepsAllowed(task, field);
        fits(task, training, field);
        fits(task, heldOut, field);
        if (task.hyperparameters().batchSize() > training.size()) {
            throw PouwException.invalid(field, "its batch size " + task.hyperparameters().batchSize()
                    + " is larger than the training set (" + training.size() + " records)");
        }
    }

    private void requireStepsAllowed(TrainingTask task, String field) {
        if (task.steps() > maxSteps) {
            throw PouwException.invalid(field, "trains " + task.steps() + " steps; this node takes at most "
                    + maxSteps + " (ml.max_steps)");
        }
    }

    private Planned plan(TrainingTask task, byte[] encodedTask, String trainBlob, String heldOutBlob, String initBlob,
                         byte[] init, Dataset training, Dataset heldOut, String field) {
        if (!training.root().equals(task.datasetRoot())) {
            throw PouwException.invalid("train_blob", "holds records with root " + training.root().hex()
                    + ", but the task trains on " + task.datasetRoot().hex());
        }
        if (!heldOut.root().equals(task.heldOutRoot())) {
            throw PouwException.invalid("held_out_blob", "holds records with root " + heldOut.root().hex()
                    + ", but the task evaluates on " + task.heldOutRoot().hex());
        }
        fits(task, training, "train_blob");
        fits(task, heldOut, "held_out_blob");
        if (task.hyperparameters().batchSize() > training.size()) {
            throw PouwException.invalid(field, "its batch size " + task.hyperparameters().batchSize()
                    + " is larger than the training set (" + training.size() + " records)");
        }
        String taskRef = blobs.put(encodedTask);
        MlTrainParams params = new MlTrainParams(task.id().hex(), task.steps(), trainBlob, heldOutBlob, audits,
                missedTargetRewardPercent, initBlob);
        kind.remember(taskRef, new LoadedTask(params, task, training, heldOut, init));
        return new Planned(task, new PlannedJob(MlTrainKind.NAME, Hash32.of(task.id().hex()), taskRef,
                params.toJson(), 1, needs(task, audits, field)));
    }

    /**
     * What hashing one float of a training state into a step's commitment counts as, in multiply-adds: a SHA-256
     * compression takes 64 bytes (16 floats) and costs about as much as a few hundred multiply-adds, so 16 a float.
     */
    static final long HASHED_FLOAT_UNITS = 16;

    /**
     * What training {@code task} costs in work units (issue 27, item 1; docs/economics.md, "Work units"): per step the
     * larger of its multiply-adds, 3 × batch × the forward pass's per record (forward, and a backward pass of about
     * twice that), and a floor for the state the step hashes into its commitment, P × (1 + S) + B floats at
     * {@link #HASHED_FLOAT_UNITS} each, so a tiny batch on a large model is not priced as almost nothing; times the
     * steps. Exact: a count past a long is {@link Long#MAX_VALUE}, which no fee covers.
     */
    public static long workUnits(TrainingTask task) {
        try {
            long parameters = task.architecture().parameterCount();
            long state = Math.addExact(Math.multiplyExact(parameters,
                    1L + task.hyperparameters().optimizer().slotCount()), task.architecture().bufferCount());
            long floor = Math.multiplyExact(HASHED_FLOAT_UNITS, state);
            long compute = Math.multiplyExact(3L * task.hyperparameters().batchSize(),
                    task.architecture().multiplyAddsPerRecord());
            return Math.multiplyExact(Math.max(1, Math.max(compute, floor)), task.steps());
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * What training {@code task} asks of a prover (issue 27, item 3), from its parameter count P, buffer count B and
     * the optimiser's slots per parameter S. Memory: the weights, one gradient and the slots, 4 bytes each,
     * 4 × (P × (2 + S) + B), in MiB rounded up; activations and the datasets come on top, so no worker with less
     * could run it. Result: the opening the prover uploads at worst, one training state of 4 × (P × (1 + S) + B)
     * bytes (and a header) per audited step plus the final state, and each step's Merkle paths
     * ({@link org.pouw.ml.audit.TrainingOpening}). Exact arithmetic: a huge model overflows to a need no cap meets.
     */
    static JobNeeds needs(TrainingTask task, int audits, String field) {
        long parameters = task.architecture().parameterCount();
        long buffers = task.architecture().bufferCount();
        long slots = task.hyperparameters().optimizer().slotCount();
        try {
            long workingBytes = Math.multiplyExact(4L, Math.addExact(
                    Math.multiplyExact(parameters, 2 + slots), buffers));
            long stateBytes = Math.addExact(STATE_HEADER_BYTES, Math.multiplyExact(4L, Math.addExact(
                    Math.multiplyExact(parameters, 1 + slots), buffers)));
            long openingBytes = Math.addExact(Math.multiplyExact(audits + 1L, stateBytes),
                    Math.multiplyExact(audits, OPENED_STEP_PATH_BYTES));
            return new JobNeeds(Math.max(1, Math.ceilDiv(workingBytes, 1L << 20)), openingBytes, field);
        } catch (ArithmeticException e) {
            return new JobNeeds(Long.MAX_VALUE, Long.MAX_VALUE, field);
        }
    }

    private Dataset stored(String blob, String field) {
        byte[] bytes = blobs.get(blob).orElseThrow(() -> PouwException.invalid(field, "no dataset is stored as "
                + blob + " (POST the records to /v1/ml/datasets first)"));
        try {
            return DatasetCodec.decode(bytes);
        } catch (MlException e) {
            throw PouwException.invalid(field, "blob " + blob + " is not a dataset: " + e.getMessage());
        }
    }

    private static void fits(TrainingTask task, Dataset data, String field) {
        if (data.featureCount() != task.architecture().inputSize() || data.classes() != task.architecture().classes()) {
            throw PouwException.invalid(field, "records have " + data.featureCount() + " features and "
                    + data.classes() + " classes; the task's architecture takes " + task.architecture().inputSize()
                    + " and " + task.architecture().classes());
        }
    }
}
