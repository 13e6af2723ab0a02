package org.pouw.chain.state;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.pouw.chain.task.RankSplit;
import org.pouw.chain.task.TaskParameters;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Evaluation;
import org.pouw.ml.train.Evaluator;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/**
 * Pays out a task's escrow (docs/chain.md §4.4). With the held-out set revealed, every node evaluates each revealed
 * final model on it (pouw-ml's {@link Evaluator}: the same bits on every JVM) and ranks them — more correct
 * predictions first, then the lower mean loss (NaN last), then the earlier commitment — and splits the escrow by the
 * rank weights. Without it, the escrow is split equally among the participants who revealed, in commitment order.
 * Either way, with nobody revealed the escrow is burnt; never does any of it go back to the poster as poster. The
 * revealed models are dropped from the state once settled.
 */
final class TaskSettlement {
    private final TaskParameters parameters;

    TaskSettlement(TaskParameters parameters) {
        this.parameters = parameters;
    }

    /** A revealed participant as settlement ranks it. */
    record Ranked(Bytes32 miner, long correct, double meanLoss, int commitIndex) {
    }

    /** Settles {@code taskId} on its revealed held-out set; returns the ranking it paid by. */
    List<Ranked> byHeldOut(StateLayer state, Bytes32 taskId, Dataset heldOut) {
        TaskRecord task = state.task(taskId);
        TrainingTask spec = task.spec().task();
        List<Ranked> ranked = new ArrayList<>();
        for (Bytes32 miner : task.participants()) {
            WorkLog log = state.workLog(taskId, miner);
            if (log.hasRevealed()) {
                TrainingState model = TrainingState.decode(spec, log.modelShared());
                Evaluation evaluation = Evaluator.evaluate(model.network(), heldOut, spec.hyperparameters().loss(),
                        ThreadTeam.single());
                double loss = Double.isNaN(evaluation.meanLoss()) ? Double.POSITIVE_INFINITY : evaluation.meanLoss();
                ranked.add(new Ranked(miner, evaluation.correct(), loss, log.commitIndex()));
            }
        }
        ranked.sort(Comparator.comparingLong(Ranked::correct).reversed()
                .thenComparingDouble(Ranked::meanLoss).thenComparingInt(Ranked::commitIndex));
        pay(state, taskId, task, ranked, RankSplit.byRank(task.escrow(), ranked.size(), parameters));
        return ranked;
    }

    /** Settles {@code taskId} whose held-out set was not revealed in time: equal shares to those who revealed. */
    List<Ranked> withoutHeldOut(StateLayer state, Bytes32 taskId) {
        TaskRecord task = state.task(taskId);
        List<Ranked> revealed = new ArrayList<>();
        for (Bytes32 miner : task.participants()) {
            WorkLog log = state.workLog(taskId, miner);
            if (log.hasRevealed()) {
                revealed.add(new Ranked(miner, 0, 0, log.commitIndex()));
            }
        }
        revealed.sort(Comparator.comparingInt(Ranked::commitIndex));
        pay(state, taskId, task, revealed, RankSplit.equally(task.escrow(), revealed.size()));
        return revealed;
    }

    private static void pay(StateLayer state, Bytes32 taskId, TaskRecord task, List<Ranked> order, long[] shares) {
        if (order.isEmpty()) {
            state.burn(task.escrow());
        }
        for (int i = 0; i < order.size(); i++) {
            Bytes32 miner = order.get(i).miner();
            Account account = state.account(miner);
            state.putAccount(miner, new Account(Math.addExact(account.balance(), shares[i]), account.nonce()));
        }
        for (Bytes32 miner : task.participants()) {
            WorkLog log = state.workLog(taskId, miner);
            if (log.hasRevealed()) {
                state.putWorkLog(taskId, miner, log.settled());
            }
        }
        state.putTask(taskId, task.settledOut());
    }
}
