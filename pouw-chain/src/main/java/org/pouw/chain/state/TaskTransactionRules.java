package org.pouw.chain.state;

import java.util.List;
import org.pouw.chain.mining.DistinctRecords;
import org.pouw.chain.task.AdmissionRefusal;
import org.pouw.chain.task.DatasetId;
import org.pouw.chain.task.FinalModelCommitment;
import org.pouw.chain.task.HeldOutCommitment;
import org.pouw.chain.task.TaskAdmission;
import org.pouw.chain.task.TaskParameters;
import org.pouw.chain.tx.FinalModelCommit;
import org.pouw.chain.tx.FinalModelReveal;
import org.pouw.chain.tx.PayForTask;
import org.pouw.chain.tx.RevealHeldOut;
import org.pouw.chain.tx.Transaction;
import org.pouw.crypto.Blake3;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.EncodingException;

/**
 * The task transactions' own rules (docs/chain.md §4), checked after the common ones (signature, nonce, funds) and
 * before anything is written: {@link #check} reads the state only, {@link #apply} writes what a checked transaction
 * does. {@code pay_for_task} admits the task and escrows its fee; {@code final_model} commits (up to the commit
 * deadline, one per task and key, only by a participant) and reveals (after the commit deadline, up to the reveal
 * deadline; the model must hash to the sender's own segment end and to its commitment); {@code reveal_heldout}
 * (the poster, after the reveal deadline, up to the held-out deadline) settles the task by rank at once.
 */
final class TaskTransactionRules {
    private final Bytes32 chainId;
    private final TaskAdmission admission;
    private final TaskSettlement settlement;

    TaskTransactionRules(Bytes32 chainId, TaskParameters parameters) {
        this.chainId = chainId;
        this.admission = new TaskAdmission(parameters);
        this.settlement = new TaskSettlement(parameters);
    }

    /** The refusal of a task transaction where it stands, or null; writes nothing. */
    TxOutcome check(StateLayer state, Transaction tx, long height) {
        return switch (tx.body()) {
            case PayForTask pay -> checkPay(state, tx, pay, height);
            case FinalModelCommit commit -> checkCommit(state, tx.sender(), commit, height);
            case FinalModelReveal reveal -> checkReveal(state, tx.sender(), reveal, height);
            case RevealHeldOut heldOut -> checkHeldOut(state, tx.sender(), heldOut, height);
            default -> null;
        };
    }

    /** Applies a transaction {@link #check} passed. */
    void apply(StateLayer state, Transaction tx, long height) {
        switch (tx.body()) {
            case PayForTask pay -> {
                Bytes32 taskId = tx.id(chainId);
                state.putTask(taskId, TaskRecord.posted(tx.sender(), pay, height));
                state.scheduleSettlement(pay.heldOutBy() + 1, taskId);
            }
            case FinalModelCommit commit -> {
                TaskRecord task = state.task(commit.taskId());
                WorkLog log = state.workLog(commit.taskId(), tx.sender());
                state.putWorkLog(commit.taskId(), tx.sender(), log.committed(commit.commitment(), height,
                        task.commits()));
                state.putTask(commit.taskId(), task.committed());
            }
            case FinalModelReveal reveal -> {
                WorkLog log = state.workLog(reveal.taskId(), tx.sender());
                state.putWorkLog(reveal.taskId(), tx.sender(), log.revealed(reveal.model()));
            }
            case RevealHeldOut heldOut -> {
                TaskRecord task = state.task(heldOut.taskId());
                settlement.byHeldOut(state, heldOut.taskId(), heldOutSet(task.spec(), heldOut.records()));
            }
            default -> {
            }
        }
    }

    private TxOutcome checkPay(StateLayer state, Transaction tx, PayForTask pay, long height) {
        AdmissionRefusal refusal = admission.check(pay, height);
        if (refusal != null) {
            return TxOutcome.refused(TxRefusal.TASK_NOT_ADMITTED, refusal.toString());
        }
        if (state.task(tx.id(chainId)) != null) {
            return TxOutcome.refused(TxRefusal.TASK_NOT_ADMITTED, "task id: already posted");
        }
        return null;
    }

    private static TxOutcome checkCommit(StateLayer state, Bytes32 sender, FinalModelCommit commit, long height) {
        TaskRecord task = state.task(commit.taskId());
        TxOutcome open = open(task);
        if (open != null) {
            return open;
        }
        if (height > task.spec().commitBy()) {
            return TxOutcome.refused(TxRefusal.OUTSIDE_WINDOW, "commits end at height " + task.spec().commitBy());
        }
        WorkLog log = state.workLog(commit.taskId(), sender);
        if (log == null) {
            return TxOutcome.refused(TxRefusal.NOT_A_PARTICIPANT);
        }
        if (log.hasCommitted()) {
            return TxOutcome.refused(TxRefusal.ALREADY_COMMITTED);
        }
        if (!commit.segmentEnd().equals(log.segmentEnd())) {
            return TxOutcome.refused(TxRefusal.COMMIT_NOT_SEGMENT_END, "segment end: the commit names "
                    + commit.segmentEnd().hex() + ", the sender's segment chain ends at " + log.segmentEnd().hex());
        }
        return null;
    }

    private static TxOutcome checkReveal(StateLayer state, Bytes32 sender, FinalModelReveal reveal, long height) {
        TaskRecord task = state.task(reveal.taskId());
        TxOutcome open = open(task);
        if (open != null) {
            return open;
        }
        if (height <= task.spec().commitBy() || height > task.spec().revealBy()) {
            return TxOutcome.refused(TxRefusal.OUTSIDE_WINDOW, "model reveals are in (" + task.spec().commitBy()
                    + ", " + task.spec().revealBy() + "]");
        }
        WorkLog log = state.workLog(reveal.taskId(), sender);
        if (log == null || !log.hasCommitted() || log.hasRevealed()) {
            return TxOutcome.refused(TxRefusal.NOT_COMMITTED);
        }
        byte[] model = reveal.model();
        Bytes32 modelHash = Bytes32.of(Blake3.hash(model));
        if (!modelHash.equals(log.segmentEnd())) {
            return TxOutcome.refused(TxRefusal.MODEL_NOT_SEGMENT_END, "the model hashes to " + modelHash.hex()
                    + ", the sender's segment chain ends at " + log.segmentEnd().hex());
        }
        if (!FinalModelCommitment.of(reveal.taskId(), sender, modelHash, reveal.salt()).equals(log.commitment())) {
            return TxOutcome.refused(TxRefusal.COMMITMENT_MISMATCH);
        }
        try {
            TrainingState.decode(task.spec().task(), model);
        } catch (EncodingException e) {
            return TxOutcome.refused(TxRefusal.MODEL_UNREADABLE, e.getMessage());
        }
        return null;
    }

    private static TxOutcome checkHeldOut(StateLayer state, Bytes32 sender, RevealHeldOut heldOut, long height) {
        TaskRecord task = state.task(heldOut.taskId());
        TxOutcome open = open(task);
        if (open != null) {
            return open;
        }
        if (!sender.equals(task.poster())) {
            return TxOutcome.refused(TxRefusal.NOT_THE_POSTER);
        }
        if (height <= task.spec().revealBy() || height > task.spec().heldOutBy()) {
            return TxOutcome.refused(TxRefusal.OUTSIDE_WINDOW, "the held-out reveal is in (" + task.spec().revealBy()
                    + ", " + task.spec().heldOutBy() + "]");
        }
        Dataset records;
        try {
            records = heldOutSet(task.spec(), heldOut.records());
        } catch (EncodingException e) {
            return TxOutcome.refused(TxRefusal.HELD_OUT_UNREADABLE, e.getMessage());
        }
        Bytes32 commitment = HeldOutCommitment.of(heldOut.salt(), new DatasetId(records.root(), records.size()));
        if (!commitment.equals(task.spec().heldOutCommitment())) {
            return TxOutcome.refused(TxRefusal.HELD_OUT_MISMATCH);
        }
        return null;
    }

    private static TxOutcome open(TaskRecord task) {
        if (task == null || task.filler()) {
            return TxOutcome.refused(TxRefusal.UNKNOWN_TASK);
        }
        return task.settled() ? TxOutcome.refused(TxRefusal.TASK_SETTLED) : null;
    }

    /**
     * The held-out records as a dataset, each of the task's record shape; refused when empty or when a record repeats
     * (by the normalised key of §3.2, so a scaled copy repeats too).
     */
    static Dataset heldOutSet(PayForTask spec, List<byte[]> encoded) {
        if (encoded.isEmpty()) {
            throw new EncodingException("held-out set: no records");
        }
        TrainingTask task = spec.task();
        int features = spec.features();
        float[][] rows = new float[encoded.size()][];
        int[] labels = new int[encoded.size()];
        for (int i = 0; i < rows.length; i++) {
            CanonicalReader in = new CanonicalReader(encoded.get(i));
            labels[i] = in.i32InRange("held-out record " + i + " label", 0, spec.classes() - 1);
            in.i32InRange("held-out record " + i + " feature count", features, features);
            rows[i] = new float[features];
            for (int j = 0; j < features; j++) {
                rows[i][j] = in.f32("held-out record " + i + " feature");
            }
            in.requireEnd("held-out record " + i);
        }
        for (boolean first : DistinctRecords.firstOfEach(rows, labels)) {
            if (!first) {
                throw new EncodingException("held-out set: a record repeats");
            }
        }
        return Dataset.of(rows, labels, task.architecture().classes());
    }
}
