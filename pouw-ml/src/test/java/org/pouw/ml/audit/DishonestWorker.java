package org.pouw.ml.audit;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Trainer;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/**
 * A worker that skips the computation of some steps — it just bumps the step counter and claims the unchanged
 * weights as the result — and trains honestly otherwise, committing consistently to what it did. Its final
 * model is not the honest one, and only an audit of a skipped step can tell.
 */
final class DishonestWorker {
    private final List<byte[]> statesBefore = new ArrayList<>();
    private final StepLog log;
    private final TrainingCommitment commitment;
    private final byte[] finalState;

    DishonestWorker(TrainingTask task, Dataset data, Set<Long> skipped) {
        ThreadTeam team = ThreadTeam.single();
        TrainingState state = TrainingState.initial(task);
        log = new StepLog(task.id(), 0, state.hash(team));
        for (long step = 0; step < task.steps(); step++) {
            byte[] before = state.encode();
            statesBefore.add(before);
            Bytes32 beforeHash = state.hash(team);
            Trainer trainer = new Trainer(task, data, state, team);
            int[] batch = trainer.schedule().batch(step);
            if (skipped.contains(step)) {
                state = TrainingState.decode(task, withStepsDone(before, step + 1));
            } else {
                trainer.step();
            }
            log.append(new StepLeaf(step, beforeHash, StepLeaf.batchHash(batch), state.hash(team)));
        }
        commitment = log.commit();
        finalState = state.encode();
    }

    TrainingCommitment commitment() {
        return commitment;
    }

    TrainingOpening open(AuditChallenge challenge) {
        List<StepOpening> openings = new ArrayList<>();
        for (long step : challenge.auditedSteps(commitment)) {
            openings.add(log.open(step, statesBefore.get((int) step)));
        }
        return new TrainingOpening(commitment.id(), openings, finalState);
    }

    /** The encoded state with its step counter (u64 little-endian at byte 8) replaced. */
    static byte[] withStepsDone(byte[] encoded, long steps) {
        byte[] copy = encoded.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putLong(8, steps);
        return copy;
    }
}
