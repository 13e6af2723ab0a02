package org.pouw.chain.sim;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.pouw.chain.mining.ChainTrainer;
import org.pouw.chain.mining.LivenessRule;
import org.pouw.chain.mining.MinedStep;
import org.pouw.chain.mining.TicketRule;
import org.pouw.chain.mining.Tickets;
import org.pouw.chain.mining.TipKeyedStep;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/**
 * The work-skipping miner's trainer ({@link MinerConduct#WORK_SKIPPING}): {@code ChainTrainer}'s loop, except that
 * the first step of a segment, unless it wins at once, is skipped — its leaf claims as its end state the state it
 * started from with the step counter moved on (the weights as they were: no training), and the segment trains on
 * from that claimed state. Every later leaf is a real step from the state before it, the winner included, so
 * validators replaying the winner accept the block; only an audit that replays the first leaf — every audit does
 * (docs/chain.md §5.2) — finds it does not end where it says. (The simulation still computes the skipped step, for
 * its batch hash and tickets; what matters here is the committed trajectory, not the compute saved.)
 */
final class SkippingTrainer {
    private final TrainingTask task;
    private final Dataset data;
    private final Bytes32 miner;
    private final TicketRule tickets;
    private final LivenessRule liveness;
    private final ThreadTeam team;
    private final Bytes32 segmentStart;
    private final List<MinedStep> segment = new ArrayList<>();
    private TrainingState state;
    private long ticketsDrawn;
    private boolean skipped;

    SkippingTrainer(TrainingTask task, Dataset data, TrainingState state, Bytes32 miner, TicketRule tickets,
                    LivenessRule liveness, ThreadTeam team) {
        this.task = task;
        this.data = data;
        this.state = state;
        this.miner = miner;
        this.tickets = tickets;
        this.liveness = liveness;
        this.team = team;
        this.segmentStart = state.hash(team);
    }

    TrainingState state() {
        return state;
    }

    List<MinedStep> segment() {
        return List.copyOf(segment);
    }

    int stepsTaken() {
        return segment.size();
    }

    long ticketsDrawn() {
        return ticketsDrawn;
    }

    /** Whether a leaf of this segment claims a step it did not train. */
    boolean skipped() {
        return skipped;
    }

    /** As {@link ChainTrainer#mine}: a win, or null after {@code maxSteps} steps. */
    ChainTrainer.Win mine(Bytes32 chainId, Bytes32 tip, BigInteger target, int maxSteps) {
        for (int i = 0; i < maxSteps && state.stepsDone() < task.steps(); i++) {
            byte[] before = state.encode();
            TipKeyedStep step = TipKeyedStep.take(task, data, state, miner, tip, tickets, team);
            ticketsDrawn += step.mined().tickets();
            if (liveness.check(step.vitals()) == null) {
                int j = Tickets.firstWinning(chainId, step.mined(), miner, target);
                if (j >= 0) {
                    segment.add(step.mined());
                    return new ChainTrainer.Win(step, j, before, segmentStart, segment);
                }
            }
            MinedStep leaf = step.mined();
            if (segment.isEmpty()) {
                state = skippedFrom(before);
                leaf = new MinedStep(leaf.step(), leaf.stateBefore(), leaf.batchHash(), state.hash(team), leaf.tip(),
                        leaf.tickets());
                skipped = true;
            }
            segment.add(leaf);
        }
        return null;
    }

    /** The state {@code before} with its step counter (the u64 after magic and version) one further. */
    private TrainingState skippedFrom(byte[] before) {
        ByteBuffer words = ByteBuffer.wrap(before.clone()).order(ByteOrder.LITTLE_ENDIAN);
        words.putLong(8, words.getLong(8) + 1);
        return TrainingState.decode(task, words.array());
    }
}
