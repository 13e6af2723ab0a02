package org.pouw.chain.genesis;

import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import org.pouw.chain.block.BlockParameters;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.mining.LivenessRule;
import org.pouw.chain.mining.TicketRule;
import org.pouw.chain.state.ChainParameters;
import org.pouw.chain.task.DatasetId;
import org.pouw.chain.task.GenesisDataset;
import org.pouw.chain.task.TaskParameters;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.wire.Bytes32;

/**
 * A small chain to watch and to test on: one filler dataset (256 generated points of 16 features in four Gaussian
 * blobs, every miner able to regenerate the data from its seed), so with no task posted every block trains the epoch's
 * filler task, an MLP drawn over it (docs/chain.md §4.3); blocks every 60 s at an easy target (one ticket in 64 wins,
 * so a block takes a few training steps), the default task parameters, stake, audit and unbonding delays (the
 * couplings a genesis file must meet, docs/chain.md §6), and one funded, staked miner. Not for a
 * network: its target and ticket rate are far from the calibrated defaults of docs/chain.md §6.
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

    /** The demo data as the genesis names it for filler tasks. */
    public static GenesisDataset dataset() {
        Dataset data = data();
        return new GenesisDataset(new DatasetId(data.root(), data.size()), 16, 4);
    }

    /** The demo genesis at {@code timestamp}, funding and staking {@code miner}. */
    public static ChainGenesis forMiner(Bytes32 miner, long timestamp) {
        return forMiner(miner, timestamp, List.of());
    }

    /** The demo genesis funding and staking {@code miner}, and allocating {@code others} besides (a demo client). */
    public static ChainGenesis forMiner(Bytes32 miner, long timestamp, List<GenesisAccount> others) {
        List<GenesisAccount> allocations = new java.util.ArrayList<>(others);
        allocations.add(new GenesisAccount(miner, 1_000_000, 100_000));
        int easy = CompactTarget.encode(BigInteger.ONE.shiftLeft(250));
        return new ChainGenesis(timestamp, easy, CompactTarget.encode(BigInteger.ONE.shiftLeft(255)), 60,
                3_600, 90, 100, ChainParameters.DEFAULTS, new BlockParameters(50_000, 100_000, 2_000),
                new TicketRule(1_000, 10_000), LivenessRule.DEFAULT,
                allocations, TaskParameters.DEFAULTS,
                List.of(dataset()));
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
