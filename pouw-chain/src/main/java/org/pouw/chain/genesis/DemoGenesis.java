package org.pouw.chain.genesis;

import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import org.pouw.chain.block.BlockParameters;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.mining.LivenessRule;
import org.pouw.chain.mining.TicketRule;
import org.pouw.chain.state.ChainParameters;
import org.pouw.chain.task.MinableTask;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.wire.Bytes32;

/**
 * A small chain to watch and to test on: one task (a 16-32-16-4 ReLU MLP on 256 generated points in four Gaussian
 * blobs, every miner able to regenerate the data from its seed), blocks every 60 s at an easy target (one ticket in
 * 64 wins, so a block takes a few training steps), and one funded, staked miner. Not for a network: its target and
 * ticket rate are far from the calibrated defaults of docs/chain.md §6.
 */
public final class DemoGenesis {
    public static final long DATA_SEED = 3;
    public static final int RECORDS = 256;

    private DemoGenesis() {
    }

    /** The demo task's training data: {@value #RECORDS} points of 16 features in 4 classes. */
    public static Dataset data() {
        return blobs(RECORDS, 16, 4, 0.4, DATA_SEED);
    }

    public static MinableTask task() {
        Dataset data = data();
        TrainingTask task = new TrainingTask(new MlpArchitecture(16, List.of(32, 16), Activation.RELU, 0f, 4),
                new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, new SgdMomentum(0.05f, 0.9f), 16), data.root(),
                Bytes32.of(new byte[32]), 7, 100_000, TargetMetric.accuracyAtLeast(0.8), 0);
        return new MinableTask(task, data.size());
    }

    /** The demo genesis at {@code timestamp}, funding and staking {@code miner}. */
    public static ChainGenesis forMiner(Bytes32 miner, long timestamp) {
        int easy = CompactTarget.encode(BigInteger.ONE.shiftLeft(250));
        return new ChainGenesis(timestamp, easy, CompactTarget.encode(BigInteger.ONE.shiftLeft(255)), 60,
                3_600, 90, 100, new ChainParameters(10, 100), new BlockParameters(50_000, 100_000, 2_000),
                new TicketRule(1_000, 10_000), LivenessRule.DEFAULT,
                List.of(new GenesisAccount(miner, 1_000_000, 100_000)), List.of(task()));
    }

    /** Gaussian blobs: each class a centre in [-1, 1]^features, points scattered around it by {@code spread}. */
    public static Dataset blobs(int n, int features, int classes, double spread, long seed) {
        SplittableRandom centres = new SplittableRandom(12_345);
        float[][] centre = new float[classes][features];
        for (float[] c : centre) {
            for (int j = 0; j < features; j++) {
                c[j] = (float) (centres.nextDouble() * 2 - 1);
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[][] x = new float[n][features];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(classes);
            for (int j = 0; j < features; j++) {
                x[i][j] = (float) (centre[y[i]][j] + spread * (random.nextDouble() * 2 - 1));
            }
        }
        return Dataset.of(x, y, classes);
    }
}
