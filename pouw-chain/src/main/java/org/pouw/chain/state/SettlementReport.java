package org.pouw.chain.state;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.pouw.chain.task.RankSplit;
import org.pouw.chain.task.TaskParameters;
import org.pouw.chain.tx.PayForTask;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Evaluation;
import org.pouw.ml.train.Evaluator;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/**
 * How a task's escrow is settled (docs/chain.md §4.4), as a value: the revealed final models in the order they are
 * paid, each with its held-out evaluation (when the held-out set was revealed) and its share, and what is burnt.
 * {@link TaskSettlement} pays exactly what this computes, so a node that rebuilds the inputs from its blocks after
 * the state dropped the models reports what the chain paid, by the same code.
 *
 * @param ranking the revealed models, best (or, without a held-out set, earliest commitment) first
 * @param burnt   the escrow burnt: all of it when nobody revealed, else 0
 */
public record SettlementReport(List<Ranked> ranking, long burnt) {
    public SettlementReport {
        ranking = List.copyOf(ranking);
    }

    /** A revealed final model as it goes into settlement: its miner, its commitment's index, its encoding. */
    public record RevealedModel(Bytes32 miner, int commitIndex, byte[] model) {
        public RevealedModel {
            if (miner == null || model == null || commitIndex < 0) {
                throw new IllegalArgumentException("a revealed model needs its miner, commitment index and encoding");
            }
        }
    }

    /**
     * One revealed model as settlement ranks and pays it.
     *
     * @param rank       1 for the best
     * @param evaluation its evaluation on the held-out set, or null when the task settled without one
     * @param amount     base units paid to {@code miner}
     */
    public record Ranked(Bytes32 miner, int rank, int commitIndex, Evaluation evaluation, long amount) {
        /** More correct predictions first, then the lower mean loss (NaN last), then the earlier commitment. */
        static final Comparator<Ranked> BY_HELD_OUT = Comparator.comparingLong((Ranked r) -> r.evaluation.correct())
                .reversed().thenComparingDouble(Ranked::rankingLoss).thenComparingInt(Ranked::commitIndex);

        private double rankingLoss() {
            double loss = evaluation.meanLoss();
            return Double.isNaN(loss) ? Double.POSITIVE_INFINITY : loss;
        }

        Ranked at(int newRank, long paid) {
            return new Ranked(miner, newRank, commitIndex, evaluation, paid);
        }
    }

    /**
     * The settlement on the revealed held-out set: every revealed model evaluated with pouw-ml's {@link Evaluator}
     * (bit-exact on every JVM), ranked, and {@code escrow} split by the rank weights.
     */
    public static SettlementReport byHeldOut(PayForTask spec, long escrow, List<RevealedModel> revealed,
                                             Dataset heldOut, TaskParameters parameters) {
        TrainingTask task = spec.task();
        List<Ranked> scored = new ArrayList<>();
        for (RevealedModel model : revealed) {
            TrainingState state = TrainingState.decode(task, model.model());
            Evaluation evaluation = Evaluator.evaluate(state.network(), heldOut, task.hyperparameters().loss(),
                    ThreadTeam.single());
            scored.add(new Ranked(model.miner(), 0, model.commitIndex(), evaluation, 0));
        }
        scored.sort(Ranked.BY_HELD_OUT);
        return paid(scored, escrow, RankSplit.byRank(escrow, scored.size(), parameters));
    }

    /** The settlement without a held-out set: {@code escrow} split equally, in commitment order. */
    public static SettlementReport withoutHeldOut(long escrow, List<RevealedModel> revealed) {
        List<Ranked> ordered = new ArrayList<>();
        for (RevealedModel model : revealed) {
            ordered.add(new Ranked(model.miner(), 0, model.commitIndex(), null, 0));
        }
        ordered.sort(Comparator.comparingInt(Ranked::commitIndex));
        return paid(ordered, escrow, RankSplit.equally(escrow, ordered.size()));
    }

    /**
     * The held-out records of a {@code reveal_heldout} as the dataset settlement evaluates on (the same parsing the
     * transaction rules check it by).
     *
     * @throws org.pouw.ml.wire.EncodingException when they do not parse for {@code spec}
     */
    public static Dataset heldOutSet(PayForTask spec, List<byte[]> records) {
        return TaskTransactionRules.heldOutSet(spec, records);
    }

    private static SettlementReport paid(List<Ranked> order, long escrow, long[] shares) {
        List<Ranked> ranking = new ArrayList<>(order.size());
        for (int i = 0; i < order.size(); i++) {
            ranking.add(order.get(i).at(i + 1, shares[i]));
        }
        return new SettlementReport(ranking, order.isEmpty() ? escrow : 0);
    }
}
