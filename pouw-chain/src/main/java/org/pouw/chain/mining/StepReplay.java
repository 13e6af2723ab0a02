package org.pouw.chain.mining;

import org.pouw.ml.data.Dataset;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.EncodingException;

/**
 * A validator's check of a claimed step (docs/chain.md §3.1–§3.3): from the opened start state it replays the step
 * bit for bit on the batch the (task, miner, tip, step) draws, and accepts the claim only when the start state, the
 * batch, the end state and the ticket count are the replay's, and the step was live. Expected refusals are values.
 *
 * <p>The batch records come from the task's dataset here; carrying them in the block with their Merkle proofs
 * against the task's dataset root is §4.2's business.
 */
public final class StepReplay {
    private final TrainingTask task;
    private final Dataset data;
    private final TicketRule tickets;
    private final LivenessRule liveness;
    private final ThreadTeam team;

    public StepReplay(TrainingTask task, Dataset data, TicketRule tickets, LivenessRule liveness, ThreadTeam team) {
        if (!data.root().equals(task.datasetRoot())) {
            throw new IllegalArgumentException("dataset root " + data.root() + " is not the task's "
                    + task.datasetRoot());
        }
        this.task = task;
        this.data = data;
        this.tickets = tickets;
        this.liveness = liveness;
        this.team = team;
    }

    /** Checks {@code claimed}, mined by {@code miner} on {@code tip}, against a replay from {@code startState}. */
    public StepVerdict check(byte[] startState, Bytes32 miner, Bytes32 tip, MinedStep claimed) {
        TrainingState state;
        try {
            state = TrainingState.decode(task, startState);
        } catch (EncodingException e) {
            return StepVerdict.refuse(StepRefusal.STATE_UNREADABLE, null);
        }
        if (!state.hash(team).equals(claimed.stateBefore())) {
            return StepVerdict.refuse(StepRefusal.START_STATE_MISMATCH, null);
        }
        if (state.stepsDone() != claimed.step() || state.stepsDone() >= task.steps()) {
            return StepVerdict.refuse(StepRefusal.STEP_INDEX_MISMATCH, null);
        }
        if (!claimed.tip().equals(tip)) {
            return StepVerdict.refuse(StepRefusal.TIP_MISMATCH, null);
        }
        TipKeyedStep replay = TipKeyedStep.take(task, data, state, miner, tip, tickets, team);
        MinedStep honest = replay.mined();
        if (!honest.batchHash().equals(claimed.batchHash())) {
            return StepVerdict.refuse(StepRefusal.BATCH_MISMATCH, replay);
        }
        if (!honest.stateAfter().equals(claimed.stateAfter())) {
            return StepVerdict.refuse(StepRefusal.END_STATE_MISMATCH, replay);
        }
        if (honest.tickets() != claimed.tickets()) {
            return StepVerdict.refuse(StepRefusal.TICKET_COUNT_MISMATCH, replay);
        }
        StepRefusal dead = liveness.check(replay.vitals());
        return dead == null ? StepVerdict.accept(replay) : StepVerdict.refuse(dead, replay);
    }
}
