package org.pouw.chain.mining;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/**
 * A miner's training of its assigned task on the chain (docs/chain.md §3): step after step on its own trajectory,
 * each batch keyed to the tip it trains on, each step's tickets drawn until one meets the target. It keeps the state
 * a winning step started from, which the block opens for the validators' replay, and every step's leaf since the
 * state it was created at: the segment a block commits to (docs/chain.md §5.1), which audits will open. A trainer is
 * created at the end of the miner's previous segment on the task (or the task's initial state), so a segment starts
 * where the chain's work log says it must.
 */
public final class ChainTrainer {
    private final TrainingTask task;
    /** The task's dataset with what earlier steps learnt of its records (the ticket count reuses it). */
    private final RecordTraits records;
    private final TrainingState state;
    private final Bytes32 miner;
    private final TicketRule tickets;
    private final LivenessRule liveness;
    private final ThreadTeam team;
    private final Bytes32 segmentStart;
    private final List<MinedStep> segment = new ArrayList<>();
    /** The encoded state before each step of the segment: what an audit's windows open from (docs/chain.md §5.2). */
    private final List<byte[]> statesBefore = new ArrayList<>();
    private long ticketsDrawn;

    /**
     * A step that won: the step, its smallest winning ticket index, the encoded state it started from, and the
     * segment it ends — the hash of the state the trainer was created at and every step's leaf since, the winner last.
     */
    public record Win(TipKeyedStep step, int j, byte[] startState, Bytes32 segmentStart, List<MinedStep> segment) {
        public Win {
            startState = startState.clone();
            segment = List.copyOf(segment);
        }

        @Override
        public byte[] startState() {
            return startState.clone();
        }
    }

    public ChainTrainer(TrainingTask task, Dataset data, TrainingState state, Bytes32 miner, TicketRule tickets,
                        LivenessRule liveness, ThreadTeam team) {
        this(task, new RecordTraits(data), state, miner, tickets, liveness, team);
    }

    /**
     * A trainer on the dataset {@code records} describes, reusing what earlier trainers on it learnt of its records
     * (a miner keeps one {@link RecordTraits} per dataset across its segments).
     */
    public ChainTrainer(TrainingTask task, RecordTraits records, TrainingState state, Bytes32 miner,
                        TicketRule tickets, LivenessRule liveness, ThreadTeam team) {
        this.task = task;
        this.records = records;
        this.state = state;
        this.miner = miner;
        this.tickets = tickets;
        this.liveness = liveness;
        this.team = team;
        this.segmentStart = state.hash(team);
    }

    /** The hash of the state this trainer's segment starts from. */
    public Bytes32 segmentStart() {
        return segmentStart;
    }

    public TrainingState state() {
        return state;
    }

    /** Steps trained since this trainer was created: its segment's length so far. */
    public int stepsTaken() {
        return segment.size();
    }

    /** Tickets its steps yielded, live or not: what difficulty answers to is tickets, not steps. */
    public long ticketsDrawn() {
        return ticketsDrawn;
    }

    /** The segment's leaves so far, in step order. */
    public List<MinedStep> segment() {
        return List.copyOf(segment);
    }

    /** The encoded state before each step of the segment so far, in step order (the miner keeps them for audits). */
    public List<byte[]> statesBefore() {
        return List.copyOf(statesBefore);
    }

    /** Trains one step on {@code tip}; its leaf joins the segment. */
    public TipKeyedStep step(Bytes32 tip) {
        byte[] before = state.encode();
        statesBefore.add(before);
        // The bytes kept for audits are the start state's words: the vitals compare the end state with them.
        TipKeyedStep step = TipKeyedStep.take(task, records, state, before, miner, tip, tickets, team);
        segment.add(step.mined());
        ticketsDrawn += step.mined().tickets();
        return step;
    }

    /**
     * Trains on {@code tip} until a live step has a ticket at most {@code target}, or {@code maxSteps} steps are done
     * (then null). A step that is not live trains on but can not win: validators would refuse it; its leaf stays in
     * the segment, since the state moved through it.
     */
    public Win mine(Bytes32 chainId, Bytes32 tip, BigInteger target, int maxSteps) {
        for (int i = 0; i < maxSteps && state.stepsDone() < task.steps(); i++) {
            TipKeyedStep step = step(tip);
            byte[] start = statesBefore.getLast();
            if (liveness.check(step.vitals()) != null) {
                continue;
            }
            int j = Tickets.firstWinning(chainId, step.mined(), miner, target);
            if (j >= 0) {
                return new Win(step, j, start, segmentStart, segment);
            }
        }
        return null;
    }
}
