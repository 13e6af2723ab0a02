package org.pouw.ml.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.StepResult;
import org.pouw.ml.train.Trainer;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/**
 * The honest worker's side of verifiable training: trains steps [from, to) of a task, hashing the state after
 * every step into a {@link StepLeaf}, commits to them, and later opens the steps a challenge names.
 *
 * <p>Openings need the full state before each audited step, but keeping every state would cost
 * (steps × state size). The trainer keeps an encoded checkpoint every {@code checkpointInterval} steps and, to
 * open step t, replays from the checkpoint at or before t — at most {@code checkpointInterval − 1} extra steps per
 * audit.
 */
public final class CommittedTrainer {
    private final TrainingTask task;
    private final Dataset data;
    private final ThreadTeam team;
    private final long fromStep;
    private final long toStep;
    private final int checkpointInterval;
    private final Trainer trainer;
    private final StepLog log;
    private final TreeMap<Long, byte[]> checkpoints = new TreeMap<>();
    private Bytes32 currentHash;
    private double lastLoss = Double.NaN;

    /** Starts at {@code start} (step {@code start.stepsDone()}), which this trainer takes over and advances. */
    public CommittedTrainer(TrainingTask task, Dataset data, TrainingState start, long toStep, int checkpointInterval,
                            ThreadTeam team) {
        if (toStep <= start.stepsDone() || toStep > task.steps()) {
            throw new IllegalArgumentException("to step must be in (" + start.stepsDone() + ", " + task.steps() + "], got " + toStep);
        }
        if (checkpointInterval < 1) {
            throw new IllegalArgumentException("checkpoint interval must be >= 1, got " + checkpointInterval);
        }
        this.task = task;
        this.data = data;
        this.team = team;
        this.fromStep = start.stepsDone();
        this.toStep = toStep;
        this.checkpointInterval = checkpointInterval;
        this.trainer = new Trainer(task, data, start, team);
        this.currentHash = start.hash(team);
        this.log = new StepLog(task.id(), start.stepsDone(), currentHash);
    }

    public boolean done() {
        return trainer.state().stepsDone() >= toStep;
    }

    /** Trains, hashes and logs the next step; returns its leaf (whose hash is the step's lottery ticket). */
    public StepLeaf trainStep() {
        TrainingState state = trainer.state();
        long step = state.stepsDone();
        if (step >= toStep) {
            throw new IllegalStateException("all steps up to " + toStep + " are trained");
        }
        if ((step - fromStep) % checkpointInterval == 0) {
            checkpoints.put(step, state.encode());
        }
        Bytes32 before = currentHash;
        StepResult result = trainer.step();
        currentHash = state.hash(team);
        StepLeaf leaf = new StepLeaf(step, before, StepLeaf.batchHash(result.batch()), currentHash);
        log.append(leaf);
        lastLoss = result.loss();
        return leaf;
    }

    /** The mini-batch loss of the last step trained (NaN before the first). */
    public double lastLoss() {
        return lastLoss;
    }

    /** Trains every remaining step and returns the commitment. */
    public TrainingCommitment trainAll() {
        while (!done()) {
            trainStep();
        }
        return commit();
    }

    public TrainingCommitment commit() {
        if (!done()) {
            throw new IllegalStateException("train up to step " + toStep + " before committing");
        }
        return log.commit();
    }

    public TrainingState state() {
        return trainer.state();
    }

    public StepLeaf leaf(long step) {
        return log.leaf(step);
    }

    /** Opens the challenged steps of the commitment this trainer made. */
    public TrainingOpening open(AuditChallenge challenge) {
        TrainingCommitment commitment = commit();
        List<StepOpening> openings = new ArrayList<>();
        for (long step : challenge.auditedSteps(commitment)) {
            openings.add(log.open(step, stateBefore(step)));
        }
        return new TrainingOpening(commitment.id(), openings, trainer.state().encode());
    }

    /** The encoded state before {@code step}, replayed from the nearest checkpoint. */
    public byte[] stateBefore(long step) {
        if (step < fromStep || step >= trainer.state().stepsDone()) {
            throw new IllegalArgumentException("step " + step + " was not trained here");
        }
        var checkpoint = checkpoints.floorEntry(step);
        TrainingState state = TrainingState.decode(task, checkpoint.getValue());
        Trainer replay = new Trainer(task, data, state, trainer.schedule(), team);
        while (state.stepsDone() < step) {
            replay.step();
        }
        return state.encode();
    }
}
