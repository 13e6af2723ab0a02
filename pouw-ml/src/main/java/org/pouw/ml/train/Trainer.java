package org.pouw.ml.train;

import java.util.ArrayList;
import java.util.List;
import org.pouw.ml.InvalidSpecException;
import org.pouw.ml.data.BatchSchedule;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.LayerInputs;
import org.pouw.ml.model.Parameter;
import org.pouw.ml.model.Pass;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.Mix64;
import org.pouw.ml.tensor.ThreadTeam;

/**
 * Takes training steps on a {@link TrainingState}: step t feeds the mini-batch {@link BatchSchedule} assigns to
 * t, computes the loss gradient with dropout keyed by (seed, t), and applies the optimiser. Given the same task,
 * data and state, a step produces the same next state bit for bit — on any JVM, CPU and thread count — which is
 * what lets a verifier replay it.
 */
public final class Trainer {
    private static final long DROPOUT_DOMAIN = 0x706F75772D64726FL; // "pouw-dro"
    private static final int MIN_ROWS_PER_PART = 8;
    /**
     * An optimiser update's or a gradient norm's work per parameter, in the multiply-adds {@link ThreadTeam#shares}
     * counts: the MNIST MLP's SGD-with-momentum update took 141 µs for its 109,386 parameters, its second layer's
     * 2^19 multiply-adds 24 µs (one thread, load 23), so a parameter costs about as long as 25 of them. Adam's update
     * costs more, so counting it the same keeps a somewhat larger Adam model on the caller than its time would.
     */
    private static final long WORK_PER_PARAMETER = 25;

    private final TrainingTask task;
    private final Dataset data;
    private final TrainingState state;
    private final ThreadTeam team;
    private final BatchSchedule schedule;
    private final long dropoutRoot;
    private final float[][] inputs;
    private final int[] labels;
    private final float[][] gradient;
    private final float[][] weightRows;
    private final float[][] gradientRows;
    private final float[][][] slotRows;
    private final double[] rowSquares;
    /** The optimiser's and the gradient norm's least rows a part: all of them when the team keeps them on the caller. */
    private final int minRowsPerPart;
    /** Per gradient row, its ±0 words in the last step; null unless {@link #countingGradientZeros} asked. */
    private int[] gradientZerosPerRow;

    public Trainer(TrainingTask task, Dataset data, TrainingState state, ThreadTeam team) {
        this(task, data, state, new BatchSchedule(task.seed(), data.size(), task.hyperparameters().batchSize()), team);
    }

    /** Shares {@code schedule} (and its cached epoch order) with other trainers of the same task, e.g. in an auditor. */
    public Trainer(TrainingTask task, Dataset data, TrainingState state, BatchSchedule schedule, ThreadTeam team) {
        if (!data.root().equals(task.datasetRoot())) {
            throw new InvalidSpecException("dataset root " + data.root() + " is not the task's " + task.datasetRoot());
        }
        InvalidSpecException.require(data.featureCount() == task.architecture().inputSize(), "dataset feature count",
                "the architecture's input size " + task.architecture().inputSize(), data.featureCount());
        InvalidSpecException.require(data.classes() == task.architecture().classes(), "dataset classes",
                "the architecture's " + task.architecture().classes(), data.classes());
        InvalidSpecException.require(task.hyperparameters().batchSize() <= data.size(), "batch size",
                "at most the dataset size " + data.size(), task.hyperparameters().batchSize());
        this.task = task;
        this.data = data;
        this.state = state;
        this.team = team;
        int batch = task.hyperparameters().batchSize();
        this.schedule = schedule;
        this.dropoutRoot = Mix64.mix(task.seed() ^ DROPOUT_DOMAIN);
        this.inputs = new float[batch][];
        this.labels = new int[batch];
        this.gradient = new float[batch][task.architecture().classes()];
        List<float[]> weights = new ArrayList<>();
        List<float[]> gradients = new ArrayList<>();
        List<float[][]> slots = new ArrayList<>();
        List<Parameter> parameters = state.network().parameters();
        for (int p = 0; p < parameters.size(); p++) {
            Parameter parameter = parameters.get(p);
            for (int r = 0; r < parameter.rows(); r++) {
                weights.add(parameter.value()[r]);
                gradients.add(parameter.gradient()[r]);
                float[][] rowSlots = new float[state.slotCount()][];
                for (int s = 0; s < rowSlots.length; s++) {
                    rowSlots[s] = state.slot(s, p)[r];
                }
                slots.add(rowSlots);
            }
        }
        this.weightRows = weights.toArray(new float[0][]);
        this.gradientRows = gradients.toArray(new float[0][]);
        this.slotRows = slots.toArray(new float[0][][]);
        this.rowSquares = new double[gradientRows.length];
        long parameterWork = state.network().parameterCount() * WORK_PER_PARAMETER;
        this.minRowsPerPart = team.shares(parameterWork) ? MIN_ROWS_PER_PART : Math.max(1, weightRows.length);
    }

    /**
     * PyTorch's {@code clip_grad_norm_}: the gradient's global L2 norm over every parameter, and the factor
     * {@code clip / (norm + 1e-6)} when that is below 1, else exactly 1. Each row's sum of squares is a double sum
     * in column order by one thread; the rows' sums are added in row order by the caller, so the norm does not depend
     * on the thread split.
     */
    private float clipScale(float clip) {
        float[][] grads = gradientRows;
        double[] squares = rowSquares;
        team.forRange(grads.length, minRowsPerPart, (from, to) -> {
            for (int r = from; r < to; r++) {
                double sum = 0.0;
                for (float g : grads[r]) {
                    sum += (double) g * g;
                }
                squares[r] = sum;
            }
        });
        double total = 0.0;
        for (double rowSum : squares) {
            total += rowSum;
        }
        double coefficient = clip / (Math.sqrt(total) + 1e-6);
        return coefficient < 1.0 ? (float) coefficient : 1f;
    }

    public TrainingState state() {
        return state;
    }

    /**
     * Has each later step count the gradient words that are ±0 in the pass the optimiser makes over the gradients
     * anyway: each row is counted just before its update reads it, while it is in cache, by the thread that updates
     * it — instead of a caller's separate pass over every gradient word after the step (the chain's liveness rule,
     * which needs the fraction of non-zero gradient words, docs/chain.md §3.3). The count is exact and the update's
     * bits are unchanged. Returns this trainer.
     */
    public Trainer countingGradientZeros() {
        if (gradientZerosPerRow == null) {
            gradientZerosPerRow = new int[gradientRows.length];
        }
        return this;
    }

    /**
     * The gradient words of the last step that are ±0, over every parameter (their number is the network's parameter
     * count); only after {@link #countingGradientZeros} and a step.
     */
    public long gradientZeroWords() {
        if (gradientZerosPerRow == null) {
            throw new IllegalStateException("this trainer does not count gradient zeros");
        }
        long zeros = 0;
        for (int rowZeros : gradientZerosPerRow) {
            zeros += rowZeros;
        }
        return zeros;
    }

    /** The ±0 words of {@code row}, branch-free over the bits so the loop vectorises (a magnitude of 0 is ±0). */
    private static int zeros(float[] row) {
        int zero = 0;
        for (float g : row) {
            zero += ((Float.floatToRawIntBits(g) & 0x7fffffff) - 1) >>> 31;
        }
        return zero;
    }

    public BatchSchedule schedule() {
        return schedule;
    }

    /** Takes step {@code state.stepsDone()} and advances the state. */
    public StepResult step() {
        long step = state.stepsDone();
        if (step >= task.steps()) {
            throw new IllegalStateException("the task has " + task.steps() + " steps; all are done");
        }
        return step(schedule.batch(step), LayerInputs.NONE);
    }

    /**
     * Takes step {@code state.stepsDone()} on the records {@code batch} names instead of the schedule's (a caller
     * with its own batch rule, such as a chain that keys batches to its tip), showing {@code inputs} what each
     * layer of the forward pass is fed. Dropout is keyed by the step as in {@link #step()}.
     */
    public StepResult step(int[] batch, LayerInputs inputs) {
        long step = state.stepsDone();
        if (step >= task.steps()) {
            throw new IllegalStateException("the task has " + task.steps() + " steps; all are done");
        }
        InvalidSpecException.require(batch.length == this.inputs.length, "batch length",
                "the task's batch size " + this.inputs.length, batch.length);
        for (int index : batch) {
            InvalidSpecException.require(index >= 0 && index < data.size(), "record index",
                    "in [0, " + data.size() + ")", index);
        }
        for (int i = 0; i < batch.length; i++) {
            this.inputs[i] = data.features(batch[i]);
            labels[i] = data.label(batch[i]);
        }
        Pass pass = new Pass(true, Mix64.derive(dropoutRoot, step), team);
        float[][] outputs = state.network().forward(this.inputs, pass, inputs);
        double loss = task.hyperparameters().loss().lossAndGradient(outputs, labels, gradient);
        state.network().backward(gradient, pass);
        Hyperparameters hyper = task.hyperparameters();
        float rate = hyper.schedule().rate(hyper.optimizer().learningRate(), step, task.steps());
        float gradientScale = hyper.clipNorm() > 0f ? clipScale(hyper.clipNorm()) : 1f;
        OptimizerSpec.RowUpdate update = hyper.optimizer().forStep(step, rate, gradientScale);
        int[] zerosPerRow = gradientZerosPerRow;
        team.forRange(weightRows.length, minRowsPerPart, (from, to) -> {
            for (int i = from; i < to; i++) {
                if (zerosPerRow != null) {
                    zerosPerRow[i] = zeros(gradientRows[i]);
                }
                update.apply(weightRows[i], gradientRows[i], slotRows[i]);
            }
        });
        state.advance();
        return new StepResult(step, loss, batch);
    }
}
