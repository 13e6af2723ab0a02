package org.pouw.node.chain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.pouw.chain.block.Block;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.chain.state.SettlementReport;
import org.pouw.chain.state.StateLayer;
import org.pouw.chain.state.TaskRecord;
import org.pouw.chain.state.WorkLog;
import org.pouw.chain.tx.FinalModelReveal;
import org.pouw.chain.tx.PayForTask;
import org.pouw.chain.tx.RevealHeldOut;
import org.pouw.chain.tx.Transaction;
import org.pouw.ml.wire.Bytes32;

/**
 * What each settled task's settlement paid, for the API (docs/api.md "The chain"). The state drops the revealed
 * models when it settles, so the inputs come from the followed branch's blocks — the {@code final_model reveal}s in
 * (commitBy, revealBy] and the {@code reveal_heldout} in (revealBy, heldOutBy] — and the commitment indices the work
 * logs keep; {@link SettlementReport} then computes the same ranking and shares the state machine paid. Evaluating
 * the models costs a settlement's work, so a report is computed once and kept with the hash of the block that
 * settled: a reorg that replaces that block makes it recompute, one above it changes nothing the report depends on.
 * Read under the chain service's read lock, possibly by several threads at once.
 */
final class SettlementReports {
    private final Map<Bytes32, SettledTask> byTask = new ConcurrentHashMap<>();

    /** The settlement of {@code taskId} on the branch ending at {@code tip}, or empty when it is not settled. */
    Optional<SettledTask> of(BlockImporter importer, BlockNode tip, Bytes32 taskId, TaskRecord record) {
        if (record.filler() || !record.settled()) {
            return Optional.empty();
        }
        SettledTask known = byTask.get(taskId);
        if (known != null && known.height() <= tip.height()
                && tip.ancestorAt(known.height()).hash().equals(known.block())) {
            return Optional.of(known);
        }
        SettledTask settled = rebuilt(importer, tip, taskId, record);
        byTask.put(taskId, settled);
        return Optional.of(settled);
    }

    private static SettledTask rebuilt(BlockImporter importer, BlockNode tip, Bytes32 taskId, TaskRecord record) {
        PayForTask spec = record.spec();
        Map<Bytes32, byte[]> models = new HashMap<>();
        RevealHeldOut heldOut = null;
        BlockNode heldOutBlock = null;
        BlockNode dueBlock = null;
        for (BlockNode node = tip.ancestorAt(Math.min(tip.height(), spec.heldOutBy() + 1));
             node.height() > spec.commitBy() && !node.isGenesis(); node = node.parent()) {
            if (node.height() == spec.heldOutBy() + 1) {
                dueBlock = node;
            }
            String missing = "followed block " + node + " is not stored";
            Block block = importer.block(node.hash()).orElseThrow(() -> new IllegalStateException(missing));
            for (Transaction tx : block.transactions()) {
                switch (tx.body()) {
                    case FinalModelReveal reveal when reveal.taskId().equals(taskId) ->
                            models.put(tx.sender(), reveal.model());
                    case RevealHeldOut reveal when reveal.taskId().equals(taskId) -> {
                        heldOut = reveal;
                        heldOutBlock = node;
                    }
                    default -> {
                    }
                }
            }
        }
        List<SettlementReport.RevealedModel> revealed = revealedInParticipantOrder(tip.state(), taskId, record, models);
        if (heldOut != null) {
            SettlementReport report = SettlementReport.byHeldOut(spec, spec.escrow(), revealed,
                    SettlementReport.heldOutSet(spec, heldOut.records()), importer.genesis().taskParameters());
            return new SettledTask(heldOutBlock.height(), heldOutBlock.hash(), true, report);
        }
        if (dueBlock == null) {
            throw new IllegalStateException("task " + taskId.hex() + " is settled but its settlement block is not on"
                    + " the followed branch");
        }
        return new SettledTask(dueBlock.height(), dueBlock.hash(), false,
                SettlementReport.withoutHeldOut(spec.escrow(), revealed));
    }

    /** The revealed models in the order the state machine gathered them, with the commitment indices it kept. */
    private static List<SettlementReport.RevealedModel> revealedInParticipantOrder(
            StateLayer state, Bytes32 taskId, TaskRecord record, Map<Bytes32, byte[]> models) {
        return record.participants().stream().filter(models::containsKey).map(miner -> {
            WorkLog log = state.workLog(taskId, miner);
            return new SettlementReport.RevealedModel(miner, log.commitIndex(), models.get(miner));
        }).toList();
    }
}
