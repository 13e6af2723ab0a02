package org.pouw.cli.mine;

import java.util.ArrayList;
import java.util.List;
import org.pouw.chain.task.DatasetId;
import org.pouw.chain.task.HeldOutCommitment;
import org.pouw.chain.tx.PayForTask;
import org.pouw.chain.tx.RevealHeldOut;
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
 * A paid training task over {@link GeneratedDigits}, as a client posts it with {@code pay_for_task}: an MLP
 * 784-16-10 with SGD and batch 8 — small, since every node replays each block's winning step and the 32 steps of an
 * audit opening — the training set named by its Merkle root, the held-out set hidden behind a salted commitment
 * (docs/chain.md §4.4) until {@link #revealHeldOut}. The demo posts one; the tests post them too.
 *
 * @param train    the training records (uploaded to the node so miners can fetch them)
 * @param heldOut  the held-out records (revealed on chain after the reveal deadline)
 * @param salt     the held-out commitment's salt
 */
public record DigitTask(Dataset train, Dataset heldOut, Bytes32 salt) {
    public static final int HIDDEN = 16;
    public static final int BATCH = 8;

    /** {@code records} training and {@code heldOutRecords} held-out images, both drawn from {@code seed}. */
    public static DigitTask generate(int records, int heldOutRecords, long seed) {
        Dataset all = GeneratedDigits.generate(records + heldOutRecords, seed);
        byte[] salt = new byte[Bytes32.LENGTH];
        new java.util.SplittableRandom(seed ^ 0x5A17L).nextBytes(salt);
        return new DigitTask(all.slice(0, records), all.slice(records, records + heldOutRecords), Bytes32.of(salt));
    }

    /** The {@code pay_for_task} body: escrow {@code escrow}, the three deadlines as block heights. */
    public PayForTask payForTask(long escrow, long commitBy, long revealBy, long heldOutBy) {
        Bytes32 heldOutCommitment = HeldOutCommitment.of(salt, new DatasetId(heldOut.root(), heldOut.size()));
        TrainingTask task = new TrainingTask(MlpArchitecture.of(GeneratedDigits.FEATURES, List.of(HIDDEN),
                Activation.RELU, GeneratedDigits.CLASSES),
                new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, new SgdMomentum(0.05f, 0.9f), BATCH), train.root(),
                heldOutCommitment, 7, 1_000_000, TargetMetric.accuracyAtLeast(0.5), escrow);
        return new PayForTask(task, train.size(), GeneratedDigits.FEATURES, GeneratedDigits.CLASSES, commitBy,
                revealBy, heldOutBy);
    }

    /** The poster's {@code reveal_heldout} of this task's held-out set. */
    public RevealHeldOut revealHeldOut(Bytes32 taskId) {
        List<byte[]> records = new ArrayList<>(heldOut.size());
        for (int i = 0; i < heldOut.size(); i++) {
            records.add(heldOut.record(i));
        }
        return new RevealHeldOut(taskId, salt, records);
    }
}
