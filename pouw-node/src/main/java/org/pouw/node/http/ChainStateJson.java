package org.pouw.node.http;

import java.util.Base64;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.state.ImmatureReward;
import org.pouw.chain.state.SettlementReport;
import org.pouw.chain.state.Stake;
import org.pouw.chain.state.StateLayer;
import org.pouw.chain.state.TaskRecord;
import org.pouw.chain.state.WorkLog;
import org.pouw.chain.task.DatasetId;
import org.pouw.chain.tx.PayForTask;
import org.pouw.chain.tx.StakeRole;
import org.pouw.ml.model.Architecture;
import org.pouw.ml.model.CnnArchitecture;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.model.StackArchitecture;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.Adam;
import org.pouw.ml.train.Evaluation;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.wire.Bytes32;
import org.pouw.node.chain.SettledTask;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The JSON shapes of the chain's state (docs/api.md, "The chain"): accounts and tasks as the tip's state holds them. */
final class ChainStateJson {
    private ChainStateJson() {
    }

    /** An account as a block on {@code tip} sees it: stake that counts at the next height, pending and unbonding. */
    static ObjectNode account(String did, Bytes32 key, BlockNode tip) {
        StateLayer state = tip.state();
        Stake stake = state.stake(key).at(tip.height() + 1);
        ObjectNode out = ApiJson.object();
        out.put("did", did);
        out.put("balance", state.account(key).balance());
        out.put("nonce", state.account(key).nonce());
        out.put("stake", stake.active());
        out.put("stake_pending", stake.pending());
        boolean staked = stake.active() > 0 || stake.pending() > 0 || stake.unbonding() > 0;
        if (staked) {
            out.put("stake_role", StakeRole.MINER.name().toLowerCase(Locale.ROOT));
        } else {
            out.putNull("stake_role");
        }
        heightOrNull(out, "stake_active_from", stake.pending() > 0, stake.activatesAt());
        out.put("unbonding", stake.unbonding());
        heightOrNull(out, "unbonding_until", stake.unbonding() > 0, stake.unlocksAt());
        out.put("immature", state.immatureRewards(key).stream().mapToLong(ImmatureReward::amount).sum());
        return out;
    }

    private static void heightOrNull(ObjectNode out, String field, boolean present, long height) {
        if (present) {
            out.put(field, height);
        } else {
            out.putNull(field);
        }
    }

    static ObjectNode task(Bytes32 id, TaskRecord record) {
        ObjectNode out = ApiJson.object();
        out.put("id", id.hex());
        if (record.filler()) {
            out.putNull("poster");
        } else {
            out.put("poster", ChainEndpoints.did(record.poster()));
        }
        out.put("filler", record.filler());
        out.put("escrow", record.escrow());
        out.put("budget", record.budget());
        out.put("held", record.held());
        out.put("posted_at", record.postedAt());
        out.put("commit_by", record.spec().commitBy());
        out.put("reveal_by", record.spec().revealBy());
        out.put("held_out_by", record.spec().heldOutBy());
        out.put("settled", record.settled());
        return out;
    }

    /**
     * The task with its training parameters, each participant's work (blocks, segment end, commitment, reveal) and,
     * once settled, what settlement found and paid: each revealed model's held-out accuracy, mean loss and rank, and
     * the payouts (rebuilt from the blocks by the state machine's own code, {@code SettlementReport}).
     */
    static ObjectNode taskDetail(Bytes32 id, TaskRecord record, StateLayer state, Optional<SettledTask> settled) {
        ObjectNode out = task(id, record);
        out.set("parameters", parameters(record.spec()));
        Set<Bytes32> paid = new HashSet<>();
        settled.ifPresent(s -> s.report().ranking().forEach(ranked -> paid.add(ranked.miner())));
        ArrayNode miners = out.putArray("miners");
        for (Bytes32 miner : record.participants()) {
            WorkLog log = state.workLog(id, miner);
            ObjectNode entry = miners.addObject();
            entry.put("did", ChainEndpoints.did(miner));
            entry.put("blocks", log.blocks());
            entry.put("segment_end", log.segmentEnd().hex());
            if (log.hasCommitted()) {
                entry.put("commitment", log.commitment().hex());
                entry.put("committed_at", log.committedAt());
            } else {
                entry.putNull("commitment");
                entry.putNull("committed_at");
            }
            // Settlement drops the revealed model from the state; the settlement's ranking still names who revealed.
            entry.put("revealed", log.hasRevealed() || paid.contains(miner));
        }
        ArrayNode reveals = out.putArray("reveals");
        if (settled.isEmpty()) {
            out.putNull("settlement");
            return out;
        }
        SettlementReport report = settled.get().report();
        for (SettlementReport.Ranked ranked : report.ranking()) {
            ObjectNode entry = reveals.addObject();
            entry.put("did", ChainEndpoints.did(ranked.miner()));
            Evaluation evaluation = ranked.evaluation();
            if (evaluation == null) {
                entry.putNull("accuracy");
                entry.putNull("loss");
            } else {
                entry.put("accuracy", evaluation.accuracy());
                if (Double.isFinite(evaluation.meanLoss())) {
                    entry.put("loss", evaluation.meanLoss());
                } else {
                    entry.putNull("loss");
                }
            }
            entry.put("rank", ranked.rank());
        }
        ObjectNode settlement = out.putObject("settlement");
        settlement.put("height", settled.get().height());
        settlement.put("block", settled.get().block().hex());
        settlement.put("by_held_out", settled.get().byHeldOut());
        ArrayNode payouts = settlement.putArray("payouts");
        for (SettlementReport.Ranked ranked : report.ranking()) {
            ObjectNode payout = payouts.addObject();
            payout.put("did", ChainEndpoints.did(ranked.miner()));
            payout.put("amount", ranked.amount());
        }
        settlement.put("burnt", report.burnt());
        return out;
    }

    /** The architecture's kind as the API names it: every kind pouw-ml has, so a layer stack is not called an MLP. */
    static String kind(Architecture architecture) {
        return switch (architecture) {
            case MlpArchitecture mlp -> "mlp";
            case CnnArchitecture cnn -> "cnn";
            case StackArchitecture stack -> "stack";
        };
    }

    /** What a miner or a poster reads about a task's training without decoding the task. */
    private static ObjectNode parameters(PayForTask spec) {
        TrainingTask task = spec.task();
        ObjectNode out = ApiJson.object();
        out.put("architecture", kind(task.architecture()));
        out.put("architecture_summary", task.architecture().toString());
        out.put("parameter_count", task.architecture().parameterCount());
        out.put("dataset_id", new DatasetId(task.datasetRoot(), spec.datasetSize()).hash().hex());
        out.put("dataset_root", task.datasetRoot().hex());
        out.put("n", spec.datasetSize());
        out.put("features", spec.features());
        out.put("classes", spec.classes());
        out.put("batch", task.hyperparameters().batchSize());
        out.put("optimizer", task.hyperparameters().optimizer() instanceof SgdMomentum ? "sgd" : "adam");
        out.put("learning_rate", switch (task.hyperparameters().optimizer()) {
            case SgdMomentum sgd -> sgd.learningRate();
            case Adam adam -> adam.learningRate();
        });
        out.put("steps", task.steps());
        out.put("seed", task.seed());
        out.put("task", Base64.getEncoder().encodeToString(task.encode()));
        return out;
    }
}
