package org.pouw.ml.federated;

import java.util.ArrayList;
import java.util.List;
import org.pouw.ml.InvalidSpecException;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Network;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.Mix64;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Evaluation;
import org.pouw.ml.train.Evaluator;
import org.pouw.ml.train.Trainer;
import org.pouw.ml.train.TrainingState;

/**
 * Federated training of one task: a global model, one data shard per client, and the task's aggregation rule.
 * A round is: every client computes {@link #localUpdate} (its parameters after {@code localSteps} steps from the
 * global model, minus the global parameters); the node aggregates the updates it received with the rule and adds
 * the result to the global model ({@link #applyRound}). Clients restart their optimiser state each round.
 *
 * <p>Client c's batches in round r come from the seed {@code derive(derive(task seed, r), c)}, so each local
 * run is itself a deterministic {@link TrainingTask} on the client's shard and can be audited like any other.
 */
public final class FederatedTraining {
    private final TrainingTask task;
    private final FederatedSpec spec;
    private final List<Dataset> shards;
    private final ThreadTeam team;
    private final Network global;
    private int round;

    public FederatedTraining(TrainingTask task, FederatedSpec spec, List<Dataset> shards, ThreadTeam team) {
        InvalidSpecException.require(shards.size() == spec.clients(), "shard count", "the client count " + spec.clients(), shards.size());
        this.task = task;
        this.spec = spec;
        this.shards = List.copyOf(shards);
        this.team = team;
        this.global = TrainingState.initial(task).network();
    }

    public Network global() {
        return global;
    }

    public int round() {
        return round;
    }

    /** The task client {@code client} trains in the current round: its shard, its derived seed, {@code localSteps} steps. */
    public TrainingTask clientTask(int client) {
        long seed = Mix64.derive(Mix64.derive(task.seed(), round), client);
        return new TrainingTask(task.architecture(), task.hyperparameters(), shards.get(client).root(), task.heldOutRoot(),
                seed, spec.localSteps(), task.target(), 0);
    }

    /** What an honest client submits this round. */
    public float[] localUpdate(int client) {
        TrainingTask local = clientTask(client);
        TrainingState state = TrainingState.initial(local);
        float[] start = ParameterVector.read(global);
        ParameterVector.write(state.network(), start);
        Trainer trainer = new Trainer(local, shards.get(client), state, team);
        for (int s = 0; s < spec.localSteps(); s++) {
            trainer.step();
        }
        float[] end = ParameterVector.read(state.network());
        for (int j = 0; j < end.length; j++) {
            end[j] = end[j] - start[j];
        }
        return end;
    }

    /** Every client's honest update for this round, in client order. */
    public List<float[]> honestUpdates() {
        List<float[]> updates = new ArrayList<>();
        for (int c = 0; c < spec.clients(); c++) {
            updates.add(localUpdate(c));
        }
        return updates;
    }

    /** Aggregates the submitted updates with the task's rule, applies the result and starts the next round. */
    public void applyRound(List<float[]> submitted) {
        ParameterVector.add(global, spec.rule().aggregate(submitted));
        round++;
    }

    public Evaluation evaluate(Dataset heldOut) {
        return Evaluator.evaluate(global, heldOut, task.hyperparameters().loss(), team);
    }
}
