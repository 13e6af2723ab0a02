package org.pouw.chain.state;

import java.util.ArrayList;
import java.util.List;
import org.pouw.chain.task.TaskParameters;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.wire.Bytes32;

/**
 * Pays out a task's escrow (docs/chain.md §4.4) as {@link SettlementReport} computes it. With the held-out set
 * revealed, every node evaluates each revealed final model on it and ranks them — more correct predictions first,
 * then the lower mean loss (NaN last), then the earlier commitment — and splits the escrow by the rank weights.
 * Without it, the escrow is split equally among the participants who revealed, in commitment order. Either way, with
 * nobody revealed the escrow is burnt; never does any of it go back to the poster as poster. The revealed models are
 * dropped from the state once settled.
 */
final class TaskSettlement {
    private final TaskParameters parameters;

    TaskSettlement(TaskParameters parameters) {
        this.parameters = parameters;
    }

    /** Settles {@code taskId} on its revealed held-out set; returns what it paid. */
    SettlementReport byHeldOut(StateLayer state, Bytes32 taskId, Dataset heldOut) {
        TaskRecord task = state.task(taskId);
        SettlementReport report = SettlementReport.byHeldOut(task.spec(), task.escrow(), revealed(state, taskId, task),
                heldOut, parameters);
        pay(state, taskId, task, report);
        return report;
    }

    /** Settles {@code taskId} whose held-out set was not revealed in time: equal shares to those who revealed. */
    SettlementReport withoutHeldOut(StateLayer state, Bytes32 taskId) {
        TaskRecord task = state.task(taskId);
        SettlementReport report = SettlementReport.withoutHeldOut(task.escrow(), revealed(state, taskId, task));
        pay(state, taskId, task, report);
        return report;
    }

    /** The revealed models, in participant order (the report orders them). */
    private static List<SettlementReport.RevealedModel> revealed(StateLayer state, Bytes32 taskId, TaskRecord task) {
        List<SettlementReport.RevealedModel> revealed = new ArrayList<>();
        for (Bytes32 miner : task.participants()) {
            WorkLog log = state.workLog(taskId, miner);
            if (log.hasRevealed()) {
                revealed.add(new SettlementReport.RevealedModel(miner, log.commitIndex(), log.modelShared()));
            }
        }
        return revealed;
    }

    private static void pay(StateLayer state, Bytes32 taskId, TaskRecord task, SettlementReport report) {
        if (report.ranking().isEmpty()) {
            state.burn(report.burnt());
        }
        for (SettlementReport.Ranked paid : report.ranking()) {
            Account account = state.account(paid.miner());
            state.putAccount(paid.miner(), new Account(Math.addExact(account.balance(), paid.amount()), account.nonce()));
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
