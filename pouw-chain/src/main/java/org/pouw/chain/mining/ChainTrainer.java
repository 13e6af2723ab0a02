package org.pouw.chain.mining;

import java.math.BigInteger;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/**
 * A miner's training of its assigned task on the chain (docs/chain.md §3): step after step on its own trajectory,
 * each batch keyed to the tip it trains on, each step's tickets drawn until one meets the target. It keeps the state
 * a winning step started from, which the block opens for the validators' replay.
 */
public final class ChainTrainer {
    private final TrainingTask task;
    private final Dataset data;
    private final TrainingState state;
    private final Bytes32 miner;
    private final TicketRule tickets;
    private final LivenessRule liveness;
    private final ThreadTeam team;

    /** A step that won: the step, its smallest winning ticket index and the encoded state it started from. */
    public record Win(TipKeyedStep step, int j, byte[] startState) {
        public Win {
            startState = startState.clone();
        }

        @Override
        public byte[] startState() {
            return startState.clone();
        }
    }

    public ChainTrainer(TrainingTask task, Dataset data, TrainingState state, Bytes32 miner, TicketRule tickets,
                        LivenessRule liveness, ThreadTeam team) {
        this.task = task;
        this.data = data;
        this.state = state;
        this.miner = miner;
        this.tickets = tickets;
        this.liveness = liveness;
        this.team = team;
    }

    public TrainingState state() {
        return state;
    }

    /** Trains one step on {@code tip}. */
    public TipKeyedStep step(Bytes32 tip) {
        return TipKeyedStep.take(task, data, state, miner, tip, tickets, team);
    }

    /**
     * Trains on {@code tip} until a live step has a ticket at most {@code target}, or {@code maxSteps} steps are done
     * (then null). A step that is not live trains on but can not win: validators would refuse it.
     */
    public Win mine(Bytes32 chainId, Bytes32 tip, BigInteger target, int maxSteps) {
        for (int i = 0; i < maxSteps && state.stepsDone() < task.steps(); i++) {
            byte[] start = state.encode();
            TipKeyedStep step = step(tip);
            if (liveness.check(step.vitals()) != null) {
                continue;
            }
            int j = Tickets.firstWinning(chainId, step.mined(), miner, target);
            if (j >= 0) {
                return new Win(step, j, start);
            }
        }
        return null;
    }
}
