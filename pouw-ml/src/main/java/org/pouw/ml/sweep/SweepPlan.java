package org.pouw.ml.sweep;

import java.util.ArrayList;
import java.util.List;
import org.pouw.ml.InvalidSpecException;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Architecture;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;

/**
 * A sweep: one architecture, a list of configurations and either K folds of one dataset or a hold-out split of it.
 * {@link #jobs} gives one ordinary {@link TrainingTask} per configuration and fold — with its own training and
 * held-out datasets, so each is bound by its own Merkle roots, trained, audited and paid as any task is.
 *
 * <p>Folds are strided: record i is held out in fold {@code i mod K}, so each fold draws from the whole file and
 * the split is a function of the record order alone. A hold-out split ({@code folds = 1}) holds out every
 * {@code holdOutEvery}-th record.
 */
public record SweepPlan(Architecture architecture, List<Hyperparameters> configurations, int folds, int holdOutEvery,
                        long seed, long steps, TargetMetric target, long feePerJob) {
    public static final int MAX_FOLDS = 20;
    public static final int MAX_JOBS = 256;

    public SweepPlan {
        InvalidSpecException.require(architecture != null, "architecture", "set", null);
        InvalidSpecException.require(configurations != null && !configurations.isEmpty(), "configurations",
                "at least one", configurations);
        configurations = List.copyOf(configurations);
        InvalidSpecException.require(folds >= 1 && folds <= MAX_FOLDS, "folds", "in [1, " + MAX_FOLDS + "] (1 = hold-out)",
                folds);
        InvalidSpecException.require(folds > 1 || (holdOutEvery >= 2 && holdOutEvery <= 100), "hold_out_every",
                "in [2, 100] for a hold-out split", holdOutEvery);
        InvalidSpecException.require((long) configurations.size() * folds <= MAX_JOBS, "sweep jobs",
                "at most " + MAX_JOBS + " (configurations × folds)", (long) configurations.size() * folds);
        InvalidSpecException.require(target != null, "target", "set", null);
    }

    /** One task of the sweep, with the two datasets it names. */
    public record Job(int configuration, int fold, TrainingTask task, Dataset train, Dataset heldOut) {
    }

    /** Configuration-major, fold-minor: job {@code c·folds + f}. */
    public List<Job> jobs(Dataset data) {
        int k = folds == 1 ? holdOutEvery : folds;
        InvalidSpecException.require(data.size() >= 2L * k, "dataset", "at least " + 2 * k + " records for " + k
                + "-way splits", data.size());
        List<Job> jobs = new ArrayList<>();
        for (int c = 0; c < configurations.size(); c++) {
            for (int f = 0; f < folds; f++) {
                Dataset[] split = split(data, k, f);
                TrainingTask task = new TrainingTask(architecture, configurations.get(c), split[0].root(), split[1].root(),
                        seed, steps, target, feePerJob);
                jobs.add(new Job(c, f, task, split[0], split[1]));
            }
        }
        return List.copyOf(jobs);
    }

    /** {train, held out} where record i is held out exactly when {@code i mod k == fold}. */
    public static Dataset[] split(Dataset data, int k, int fold) {
        int heldOut = 0;
        for (int i = fold; i < data.size(); i += k) {
            heldOut++;
        }
        float[][] trainX = new float[data.size() - heldOut][];
        int[] trainY = new int[trainX.length];
        float[][] testX = new float[heldOut][];
        int[] testY = new int[heldOut];
        int a = 0;
        int b = 0;
        for (int i = 0; i < data.size(); i++) {
            if (i % k == fold) {
                testX[b] = data.features(i);
                testY[b++] = data.label(i);
            } else {
                trainX[a] = data.features(i);
                trainY[a++] = data.label(i);
            }
        }
        return new Dataset[] {Dataset.of(trainX, trainY, data.classes()), Dataset.of(testX, testY, data.classes())};
    }
}
