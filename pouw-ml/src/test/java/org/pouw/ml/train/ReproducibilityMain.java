package org.pouw.ml.train;

import java.util.List;
import org.pouw.ml.SyntheticData;
import org.pouw.ml.Tasks;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;

/**
 * Trains fixed tasks and prints one final state hash per line; {@link CrossProcessReproducibilityIT} runs it in
 * fresh JVMs with different JIT settings and compares. Argument: the thread count.
 */
public final class ReproducibilityMain {
    private ReproducibilityMain() {
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        try (ThreadTeam team = ThreadTeam.of(threads)) {
            for (String line : finalHashes(team)) {
                System.out.println(line);
            }
        }
    }

    static List<String> finalHashes(ThreadTeam team) {
        Dataset blobs = SyntheticData.blobs(400, 48, 5, 0.6, 77);
        TrainingTask mlp = Tasks.task(new MlpArchitecture(48, List.of(80, 40), Activation.RELU, 0.25f, 5),
                new SgdMomentum(0.05f, 0.9f), Loss.SOFTMAX_CROSS_ENTROPY, 32, blobs, blobs, 101, 25);
        TrainingTask tanhAdam = Tasks.task(new MlpArchitecture(48, List.of(40), Activation.TANH, 0f, 5),
                Adam.withLearningRate(0.01f), Loss.MEAN_SQUARED_ERROR, 32, blobs, blobs, 102, 25);
        Dataset bars = SyntheticData.bars(200, 78);
        TrainingTask cnn = Tasks.task(Tasks.smallCnn(), new SgdMomentum(0.05f, 0.9f), Loss.SOFTMAX_CROSS_ENTROPY, 16,
                bars, bars, 103, 25);
        return List.of("mlp " + train(mlp, blobs, team), "tanh-adam " + train(tanhAdam, blobs, team), "cnn " + train(cnn, bars, team));
    }

    private static String train(TrainingTask task, Dataset data, ThreadTeam team) {
        TrainingState state = TrainingState.initial(task);
        Trainer trainer = new Trainer(task, data, state, team);
        for (long s = 0; s < task.steps(); s++) {
            trainer.step();
        }
        return state.hash(team).hex();
    }
}
