package org.pouw.chain.mining;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.pouw.chain.genesis.DemoGenesis;
import org.pouw.crypto.Blake3;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.Architecture;
import org.pouw.ml.model.CnnArchitecture;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.OptimizerSpec;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/** Small generated tasks and the chain values the mining tests share. */
final class MiningFixtures {
    static final Bytes32 CHAIN = bytes("chain");
    static final Bytes32 MINER = bytes("miner");
    static final Bytes32 TIP = bytes("tip");
    static final Bytes32 OTHER_TIP = bytes("other tip");
    /** Small enough that every honest step earns a handful of tickets below the cap. */
    static final TicketRule TICKETS = new TicketRule(1_000, 10_000);
    static final ThreadTeam TEAM = ThreadTeam.single();

    private MiningFixtures() {
    }

    /** Gaussian blobs: each class a centre in [-1, 1]^features, points scattered around it by {@code spread}. */
    static Dataset blobs(int n, int features, int classes, double spread, long seed) {
        return DemoGenesis.blobs(n, features, classes, spread, seed);
    }

    /** 8×8 single-channel images of a horizontal bar, a vertical bar or a diagonal (classes 0, 1, 2), with noise. */
    static Dataset bars(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] x = new float[n][64];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(3);
            int at = random.nextInt(8);
            y[i] = kind;
            for (int r = 0; r < 8; r++) {
                for (int c = 0; c < 8; c++) {
                    boolean on = kind == 0 ? r == at : kind == 1 ? c == at : r == c;
                    x[i][r * 8 + c] = (float) ((on ? 0.9 : 0.1) + 0.1 * random.nextDouble());
                }
            }
        }
        return Dataset.of(x, y, 3);
    }

    static TrainingTask task(Architecture architecture, OptimizerSpec optimizer, int batch, Dataset train, long steps) {
        return task(architecture, optimizer, Loss.SOFTMAX_CROSS_ENTROPY, batch, train, steps);
    }

    static TrainingTask task(Architecture architecture, OptimizerSpec optimizer, Loss loss, int batch, Dataset train,
                             long steps) {
        return new TrainingTask(architecture, new Hyperparameters(loss, optimizer, batch),
                train.root(), bytes("held out"), 7, steps, TargetMetric.accuracyAtLeast(0.8), 1_000);
    }

    /** A 16-32-16-4 ReLU MLP with SGD momentum. */
    static TrainingTask mlp(Dataset train, OptimizerSpec optimizer) {
        return task(new MlpArchitecture(train.featureCount(), List.of(32, 16), Activation.RELU, 0f, train.classes()),
                optimizer, 16, train, 10_000);
    }

    static TrainingTask mlp(Dataset train) {
        return mlp(train, new SgdMomentum(0.05f, 0.9f));
    }

    /** conv(3×3, 4) → ReLU → pool 2 → dense 8 → ReLU → dense 3, on 8×8 bars. */
    static TrainingTask cnn(Dataset train) {
        return task(new CnnArchitecture(8, 8, 1, 4, 3, 2, 8, Activation.RELU, 3), new SgdMomentum(0.05f, 0.9f), 16,
                train, 10_000);
    }

    /** {@code steps} honest chain steps on {@link #TIP} from the task's initial state. */
    static TrainingState trained(TrainingTask task, Dataset data, int steps) {
        TrainingState state = TrainingState.initial(task);
        for (int i = 0; i < steps; i++) {
            TipKeyedStep.take(task, data, state, MINER, TIP, TICKETS, TEAM);
        }
        return state;
    }

    /** What a miner claims for the step from {@code start}: its own computation of it, on {@code tip}. */
    static MinedStep claim(TrainingTask task, Dataset data, byte[] start, Bytes32 tip) {
        return TipKeyedStep.take(task, data, TrainingState.decode(task, start), MINER, tip, TICKETS, TEAM).mined();
    }

    static StepReplay replay(TrainingTask task, Dataset data) {
        return new StepReplay(task, data, TICKETS, LivenessRule.DEFAULT, TEAM);
    }

    static Bytes32 bytes(String label) {
        return Bytes32.of(Blake3.hash(label.getBytes(StandardCharsets.UTF_8)));
    }
}
