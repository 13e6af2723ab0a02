package org.pouw.chain.mining;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
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
 * <p>The batch's records come either from the task's dataset, when the validator holds it, or from an
 * {@link OpenedBatch} the block carries, each record proven against the task's dataset root.
 */
public final class StepReplay {
    /** Liveness refusals an honest step meets on some batches: a window step is not refused for them. */
    private static final Set<StepRefusal> BATCH_DEPENDENT_LIVENESS = EnumSet.of(StepRefusal.GRADIENT_DEAD,
            StepRefusal.PARAMETERS_FROZEN);
    private final TrainingTask task;
    private final RecordTraits data;
    private final int datasetSize;
    private final TicketRule tickets;
    private final LivenessRule liveness;
    private final ThreadTeam team;

    /** A replay that reads batches from {@code data}, the task's dataset. */
    public StepReplay(TrainingTask task, Dataset data, TicketRule tickets, LivenessRule liveness, ThreadTeam team) {
        this(task, data, data.size(), tickets, liveness, team);
        if (!data.root().equals(task.datasetRoot())) {
            throw new IllegalArgumentException("dataset root " + data.root() + " is not the task's "
                    + task.datasetRoot());
        }
    }

    /** A replay that reads batches only from openings, for a task whose dataset has {@code datasetSize} records. */
    public StepReplay(TrainingTask task, int datasetSize, TicketRule tickets, LivenessRule liveness, ThreadTeam team) {
        this(task, null, datasetSize, tickets, liveness, team);
    }

    private StepReplay(TrainingTask task, Dataset data, int datasetSize, TicketRule tickets, LivenessRule liveness,
                       ThreadTeam team) {
        if (datasetSize < task.hyperparameters().batchSize()) {
            throw new IllegalArgumentException("dataset size must be at least the batch size "
                    + task.hyperparameters().batchSize() + ", got " + datasetSize);
        }
        this.task = task;
        this.data = data == null ? null : new RecordTraits(data);
        this.datasetSize = datasetSize;
        this.tickets = tickets;
        this.liveness = liveness;
        this.team = team;
    }

    /** Checks {@code claimed}, mined by {@code miner} on {@code tip}, against a replay from {@code startState}. */
    public StepVerdict check(byte[] startState, Bytes32 miner, Bytes32 tip, MinedStep claimed) {
        if (data == null) {
            throw new IllegalStateException("this replay holds no dataset: check with the batch's opening");
        }
        return check(startState, miner, tip, claimed, null);
    }

    /** {@link #check(byte[], Bytes32, Bytes32, MinedStep)} on the records {@code opened} carries. */
    public StepVerdict check(byte[] startState, OpenedBatch opened, Bytes32 miner, Bytes32 tip, MinedStep claimed) {
        if (opened == null) {
            throw new IllegalArgumentException("an opened batch is required");
        }
        return check(startState, miner, tip, claimed, opened);
    }

    /**
     * Replays a window of consecutive claimed steps (docs/chain.md §5.2) from the one opened {@code startState}: each
     * step on the state the one before it left, on its own claimed tip (whether the tips may be used is the audit's
     * rule, not the replay's), with the records {@code opened} carries for it.
     *
     * <p>A window step is held to the replay (state, index, batch, end state, ticket count) and to the liveness checks
     * that honest training never meets (non-finite values, symmetric units, subnormal state), but not to θ_g and θ_p:
     * whether a step's gradient reaches θ_g depends on the batch its tip draws (a batch of sparse records that leaves
     * most hidden units inactive), so an honest trajectory has such steps now and then. The miner trains on through
     * them ({@code ChainTrainer}: such a step can not win, its leaf stays in the segment), so refusing one in an
     * audit would slash an honest miner. Only a winning step must be live in full: its tickets are the ones that count.
     */
    public WindowVerdict checkWindow(byte[] startState, Bytes32 miner, List<MinedStep> claimed,
                                     List<OpenedBatch> opened) {
        if (claimed.isEmpty() || claimed.size() != opened.size()) {
            throw new IllegalArgumentException(claimed.size() + " steps but " + opened.size() + " batches");
        }
        TrainingState state;
        try {
            state = TrainingState.decode(task, startState);
        } catch (EncodingException e) {
            return new WindowVerdict(0, StepRefusal.STATE_UNREADABLE);
        }
        // The first step's start words are the opened bytes; the later steps' are copied into one buffer.
        SpareWords spare = new SpareWords();
        for (int i = 0; i < claimed.size(); i++) {
            VitalsScan scan = i == 0 ? new VitalsScan(state.network(), startState)
                    : new VitalsScan(state.network(), spare);
            StepVerdict verdict = check(state, scan, miner, claimed.get(i).tip(), claimed.get(i), opened.get(i));
            if (!verdict.accepted() && !BATCH_DEPENDENT_LIVENESS.contains(verdict.refusal())) {
                return new WindowVerdict(i, verdict.refusal());
            }
        }
        return WindowVerdict.ACCEPTED;
    }

    private StepVerdict check(byte[] startState, Bytes32 miner, Bytes32 tip, MinedStep claimed, OpenedBatch opened) {
        TrainingState state;
        try {
            state = TrainingState.decode(task, startState);
        } catch (EncodingException e) {
            return StepVerdict.refuse(StepRefusal.STATE_UNREADABLE, null);
        }
        // The vitals compare the end state with the opened bytes: they are the start state's words.
        return check(state, new VitalsScan(state.network(), startState), miner, tip, claimed, opened);
    }

    /** Checks one claimed step on {@code state}, which the replay advances, its vitals read by {@code scan}. */
    private StepVerdict check(TrainingState state, VitalsScan scan, Bytes32 miner, Bytes32 tip, MinedStep claimed,
                              OpenedBatch opened) {
        // The start state is hashed once: the hash's words are the vitals' scan of it (TipKeyedStep.trainOn).
        Bytes32 before = state.hash(team, scan::before);
        if (!before.equals(claimed.stateBefore())) {
            return StepVerdict.refuse(StepRefusal.START_STATE_MISMATCH, null);
        }
        if (state.stepsDone() != claimed.step() || state.stepsDone() >= task.steps()) {
            return StepVerdict.refuse(StepRefusal.STEP_INDEX_MISMATCH, null);
        }
        if (!claimed.tip().equals(tip)) {
            return StepVerdict.refuse(StepRefusal.TIP_MISMATCH, null);
        }
        int[] batch = TipKeyedBatch.draw(task.seed(), miner, tip, state.stepsDone(), datasetSize,
                task.hyperparameters().batchSize());
        if (!TipKeyedBatch.hash(batch).equals(claimed.batchHash())) {
            return StepVerdict.refuse(StepRefusal.BATCH_MISMATCH, null);
        }
        TipKeyedStep replay;
        if (opened == null) {
            replay = TipKeyedStep.trainOn(task, data, batch, batch, state, before, scan, tip, tickets, team);
        } else {
            Dataset records = opened.provenRecords(task.datasetRoot(), datasetSize, batch,
                    task.architecture().inputSize(), task.architecture().classes());
            if (records == null) {
                return StepVerdict.refuse(StepRefusal.BATCH_RECORDS_UNPROVEN, null);
            }
            // The engine checks that it trains on the task's dataset; the opened records are that dataset's rows
            // `batch` (proven above), so a task naming them as its dataset takes the same step bit for bit.
            TrainingTask onRecords = new TrainingTask(task.architecture(), task.hyperparameters(), records.root(),
                    task.heldOutRoot(), task.seed(), task.steps(), task.target(), task.fee());
            int[] rows = new int[batch.length];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = i;
            }
            replay = TipKeyedStep.trainOn(onRecords, new RecordTraits(records), rows, batch, state, before, scan, tip,
                    tickets, team);
        }
        MinedStep honest = replay.mined();
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
