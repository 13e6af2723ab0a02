package org.pouw.kinds.mltrain;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.pouw.core.work.BlobSource;
import org.pouw.core.work.ChallengeChannel;
import org.pouw.core.work.ProgressListener;
import org.pouw.core.work.WorkItem;
import org.pouw.core.work.WorkProver;
import org.pouw.ml.audit.AuditChallenge;
import org.pouw.ml.audit.StepLeaf;
import org.pouw.ml.audit.StepLog;
import org.pouw.ml.audit.StepOpening;
import org.pouw.ml.audit.TrainingCommitment;
import org.pouw.ml.audit.TrainingOpening;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.data.DatasetCodec;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Trainer;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/**
 * A cheating {@code ml-train} worker for tests: it skips the computation of the given steps — bumps the step
 * counter and claims the weights unchanged — trains the others honestly, and commits consistently to what it did,
 * so only an audit of a skipped step can tell. It speaks the protocol exactly as an honest worker does.
 */
public final class SkippingMlProver implements WorkProver {
    private final Set<Long> skipped;

    public SkippingMlProver(Set<Long> skipped) {
        this.skipped = Set.copyOf(skipped);
    }

    @Override
    public String kind() {
        return MlTrainKind.NAME;
    }

    @Override
    public byte[] prove(WorkItem item, ProgressListener progress, ChallengeChannel verifier) {
        MlTrainParams params = MlTrainParams.parse(item.params());
        TrainingTask task = TrainingTask.decode(item.blobs().fetch(item.traceRef()));
        Dataset data = dataset(item.blobs(), params.trainBlob());
        ThreadTeam team = ThreadTeam.single();
        TrainingState state = TrainingState.initial(task);
        StepLog log = new StepLog(task.id(), 0, state.hash(team));
        List<byte[]> before = new ArrayList<>();
        for (long step = 0; step < task.steps(); step++) {
            byte[] encoded = state.encode();
            before.add(encoded);
            Bytes32 beforeHash = state.hash(team);
            Trainer trainer = new Trainer(task, data, state, team);
            int[] batch = trainer.schedule().batch(step);
            if (skipped.contains(step)) {
                state = TrainingState.decode(task, withStepsDone(encoded, step + 1));
            } else {
                trainer.step();
            }
            log.append(new StepLeaf(step, beforeHash, StepLeaf.batchHash(batch), state.hash(team)));
        }
        TrainingCommitment commitment = log.commit();
        AuditChallenge challenge = AuditChallenge.decode(verifier.challenge(commitment.encode()));
        List<StepOpening> openings = new ArrayList<>();
        for (long step : challenge.auditedSteps(commitment)) {
            openings.add(log.open(step, before.get((int) step)));
        }
        return new TrainingOpening(commitment.id(), openings, state.encode()).encode();
    }

    private static Dataset dataset(BlobSource blobs, String key) {
        return DatasetCodec.decode(blobs.fetch(key));
    }

    /** The encoded state with its step counter (u64 little-endian at byte 8) replaced. */
    private static byte[] withStepsDone(byte[] encoded, long steps) {
        byte[] copy = encoded.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putLong(8, steps);
        return copy;
    }
}
