package org.pouw.cli.ml;

import java.util.function.LongSupplier;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Trainer;
import org.pouw.ml.train.TrainingState;

/**
 * Trains a task locally from its initial state to its last step, reporting to a {@link ProgressView}. The clock
 * only feeds the rate and the ETA (and the bar's redraw pace); the training itself is the pure function of
 * (task, data) that pouw-ml defines, so the final state is the one any node would compute.
 */
final class TrainingRun {
    private final TrainingTask task;
    private final Dataset train;
    private final ProbeAccuracy probe;
    private final ThreadTeam team;
    private final LongSupplier nanoTime;

    TrainingRun(TrainingTask task, Dataset train, Dataset heldOut, ThreadTeam team, LongSupplier nanoTime) {
        this.task = task;
        this.train = train;
        this.probe = new ProbeAccuracy(task.architecture(), heldOut, task.hyperparameters().loss(), team);
        this.team = team;
        this.nanoTime = nanoTime;
    }

    /** What training produced and how long it took. */
    record Result(TrainingState state, double seconds) {
    }

    Result run(ProgressView view) {
        TrainingState state = TrainingState.initial(task);
        Trainer trainer = new Trainer(task, train, state, team);
        long stepsPerEpoch = trainer.schedule().stepsPerEpoch();
        long epochs = (task.steps() + stepsPerEpoch - 1) / stepsPerEpoch;
        long start = nanoTime.getAsLong();
        double lossSum = 0;
        long lossCount = 0;
        Progress last = null;
        for (long done = 1; done <= task.steps(); done++) {
            lossSum += trainer.step().loss();
            lossCount++;
            long now = nanoTime.getAsLong();
            boolean finished = done == task.steps();
            if (finished || view.due(done, now)) {
                double seconds = Math.max(1e-9, (now - start) / 1e9);
                double rate = done / seconds;
                last = new Progress(done, task.steps(), Math.min(epochs, (done - 1) / stepsPerEpoch + 1), epochs,
                        lossSum / lossCount, probe.measure(state.network()), rate, (task.steps() - done) / rate);
                lossSum = 0;
                lossCount = 0;
                if (!finished) {
                    view.show(last);
                }
            }
        }
        view.finish(last);
        return new Result(state, (nanoTime.getAsLong() - start) / 1e9);
    }
}
