package org.pouw.cli.chain;

import java.util.List;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.genesis.DemoGenesis;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.wire.Bytes32;

/** Keys, a chain and small generated data the chain CLI's tests share; nothing here needs a node. */
final class ChainCliFixtures {
    static final long T0 = 1_767_225_600;
    static final Ed25519.KeyPair POSTER = key(7);
    static final Ed25519.KeyPair OTHER = key(8);
    /** The demo chain funding and staking {@link #POSTER}: 1,000,000 base units and 100,000 stake. */
    static final ChainGenesis GENESIS = DemoGenesis.forMiner(Bytes32.of(POSTER.publicKey()), T0);
    static final Bytes32 CHAIN = GENESIS.chainId();

    private ChainCliFixtures() {
    }

    static Ed25519.KeyPair key(int seed) {
        byte[] secret = new byte[32];
        secret[0] = (byte) seed;
        secret[31] = 0x5c;
        return Ed25519.KeyPair.fromPrivateKey(secret);
    }

    /** 400 training records of 16 features in 4 classes: enough for a batch of 16 (n ≥ 10·B). */
    static Dataset training() {
        return DemoGenesis.blobs(400, 16, 4, 0.4, 21);
    }

    static Dataset heldOut(int n) {
        return DemoGenesis.blobs(n, 16, 4, 0.4, 22);
    }

    /** What {@code pouw ml}'s options would build for that data: its held-out root is still the plain root. */
    static TrainingTask task(Dataset train, Dataset heldOut, float learningRate, int batch, long escrow) {
        return new TrainingTask(MlpArchitecture.of(16, List.of(8), Activation.RELU, 4),
                new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, new SgdMomentum(learningRate, 0.9f), batch),
                train.root(), heldOut.root(), 5, 200, TargetMetric.accuracyAtLeast(0), escrow);
    }
}
