package org.pouw.chain.mining;

import org.pouw.ml.data.Dataset;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.StepResult;
import org.pouw.ml.train.Trainer;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/**
 * One training step as the chain takes it (docs/chain.md §3.1–§3.3) — the miner to earn its tickets, the validator to
 * replay them, by the same code: the batch keyed to (task seed, miner, tip, step), the engine's step on it, the
 * multiply-adds counted while the forward pass runs, and the vitals liveness is judged on.
 *
 * @param mined               the step as a segment commits to it, with its ticket count
 * @param countedMultiplyAdds M_t (forward products with non-zero operands over distinct records, × 3)
 * @param vitals              what liveness is judged on
 * @param loss                the mean mini-batch loss before the update
 */
public record TipKeyedStep(MinedStep mined, long countedMultiplyAdds, StepVitals vitals, double loss) {

    /**
     * Takes step {@code state.stepsDone()} of {@code task} on {@code state}, advancing it. A caller that takes many
     * steps on one dataset passes the same {@link RecordTraits} of it to each (see the overload).
     */
    public static TipKeyedStep take(TrainingTask task, Dataset data, TrainingState state, Bytes32 miner, Bytes32 tip,
                                    TicketRule rule, ThreadTeam team) {
        return take(task, new RecordTraits(data), state, miner, tip, rule, team);
    }

    /**
     * {@link #take(TrainingTask, Dataset, TrainingState, Bytes32, Bytes32, TicketRule, ThreadTeam)} on the dataset
     * {@code records} describes, reusing what it knows of each record from earlier steps (the count is the same).
     */
    public static TipKeyedStep take(TrainingTask task, RecordTraits records, TrainingState state, Bytes32 miner,
                                    Bytes32 tip, TicketRule rule, ThreadTeam team) {
        // A one-off buffer: the start words are copied once into it. A miner that keeps its start states' bytes
        // passes them instead (the overload below), and nothing is copied.
        return take(task, records, state, new VitalsScan(state.network(), new SpareWords()), miner, tip, rule, team);
    }

    /**
     * {@link #take(TrainingTask, RecordTraits, TrainingState, Bytes32, Bytes32, TicketRule, ThreadTeam)} on the state
     * {@code startEncoding} encodes ({@code state.encode()} just before): the vitals compare the end state with those
     * bytes instead of a copy of the start state's words.
     */
    static TipKeyedStep take(TrainingTask task, RecordTraits records, TrainingState state, byte[] startEncoding,
                             Bytes32 miner, Bytes32 tip, TicketRule rule, ThreadTeam team) {
        return take(task, records, state, new VitalsScan(state.network(), startEncoding), miner, tip, rule, team);
    }

    private static TipKeyedStep take(TrainingTask task, RecordTraits records, TrainingState state, VitalsScan scan,
                                     Bytes32 miner, Bytes32 tip, TicketRule rule, ThreadTeam team) {
        int[] batch = TipKeyedBatch.draw(task.seed(), miner, tip, state.stepsDone(), records.data().size(),
                task.hyperparameters().batchSize());
        Bytes32 before = state.hash(team, scan::before);
        return trainOn(task, records, batch, batch, state, before, scan, tip, rule, team);
    }

    /**
     * Takes the step on rows {@code rows} of {@code records}' dataset, which are the task dataset's records {@code batch} —
     * the same rows when that is the task's dataset, the opened records in order when it holds only those
     * ({@link OpenedBatch}). Only the records' values and order enter the engine, so both give the same bits.
     * {@code before} is the start state's hash, computed as {@code state.hash(team, scan::before)} so that the
     * vitals read the words the hash built (the start state is hashed and scanned once, and never encoded).
     */
    static TipKeyedStep trainOn(TrainingTask task, RecordTraits records, int[] rows, int[] batch,
                                TrainingState state, Bytes32 before, VitalsScan scan, Bytes32 tip, TicketRule rule,
                                ThreadTeam team) {
        long t = state.stepsDone();
        ForwardWork work = new ForwardWork(DistinctRecords.firstOfEach(records, rows), scan.nonZeroPerRow(), records,
                rows, LivePositions.of(state.network()));
        Trainer trainer = new Trainer(task, records.data(), state, team).countingGradientZeros();
        StepResult result = trainer.step(rows, work);
        Bytes32 after = state.hash(team, scan::after);
        boolean finite = work.finite() && Double.isFinite(result.loss()) && scan.finite();
        StepVitals vitals = new StepVitals(finite,
                StepVitals.gradientNonZeroFraction(trainer.gradientZeroWords(), state.network().parameterCount()),
                scan.changedFraction(),
                scan.symmetricUnits(),
                scan.subnormalFraction());
        long counted = TicketRule.countedMultiplyAdds(work.multiplyAdds());
        MinedStep mined = new MinedStep(t, before, TipKeyedBatch.hash(batch), after, tip, rule.tickets(counted));
        return new TipKeyedStep(mined, counted, vitals, result.loss());
    }
}
