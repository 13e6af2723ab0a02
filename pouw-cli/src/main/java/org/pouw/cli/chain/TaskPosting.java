package org.pouw.cli.chain;

import java.util.Locale;
import org.pouw.chain.mining.DistinctRecords;
import org.pouw.chain.task.AdmissionRefusal;
import org.pouw.chain.task.DatasetId;
import org.pouw.chain.task.TaskAdmission;
import org.pouw.chain.task.TaskParameters;
import org.pouw.chain.tx.PayForTask;
import org.pouw.chain.tx.RevealHeldOut;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.wire.Bytes32;

/**
 * A training task made ready for the chain (docs/chain.md §4): the {@code pay_for_task} body with the held-out set's
 * salted commitment in place of its root, three deadline heights counted from the chain's head, and the held-out
 * records the poster keeps until it reveals them. Everything the chain would refuse from the transaction alone is
 * checked here with the chain's own {@link TaskAdmission} and the genesis's task parameters, and so is what the
 * reveal would later refuse (a held-out set over H_max, or one that repeats a record), each naming the option to
 * change — so a task that can not be admitted, or could never be settled, is never paid for.
 *
 * @param pay      the body to sign
 * @param heldOut  the held-out records, as the reveal will carry them
 * @param salt     the commitment's salt
 * @param repeats  training records that repeat an earlier one (they earn miners no tickets, §3.2): worth a warning
 */
public record TaskPosting(PayForTask pay, Dataset heldOut, Bytes32 salt, int repeats) {
    /** The options the chain's admission fields come from, so a refusal names what the user typed. */
    private static String optionFor(String field) {
        return switch (field) {
            case "learning rate" -> "--lr";
            case "batch size" -> "--batch";
            case "dataset size" -> "--data";
            case "features", "classes", "multiply-adds per step", "state words", "model size" -> "--arch";
            case "escrow" -> "--escrow";
            case "commit deadline" -> "--commit-in";
            case "reveal deadline", "held-out deadline" -> "--window";
            default -> field;
        };
    }

    /**
     * The posting of {@code task} (built by the ML options, its held-out root still the plain root) over
     * {@code train} and {@code heldOut}, as it would be admitted in the block after {@code head}.
     *
     * @param commitIn blocks from the head to the commit deadline
     * @param window   blocks of the model-reveal window, and again of the held-out window
     */
    public static TaskPosting prepare(TrainingTask task, Dataset train, Dataset heldOut, Bytes32 salt,
                                      TaskParameters parameters, long head, long commitIn, long window) {
        if (commitIn < 1) {
            throw new IllegalArgumentException("--commit-in: must be >= 1 block, got " + commitIn);
        }
        if (window < 1) {
            throw new IllegalArgumentException("--window: must be >= 1 block, got " + window);
        }
        checkHeldOut(heldOut);
        TrainingTask committed = new TrainingTask(task.architecture(), task.hyperparameters(), train.root(),
                HeldOutFile.commitment(salt, heldOut), task.seed(), task.steps(), task.target(), task.fee());
        long commitBy = Math.addExact(head, commitIn);
        long revealBy = Math.addExact(commitBy, window);
        long heldOutBy = Math.addExact(revealBy, window);
        PayForTask pay = new PayForTask(committed, train.size(), train.featureCount(), train.classes(), commitBy,
                revealBy, heldOutBy);
        AdmissionRefusal refusal = new TaskAdmission(parameters).check(pay, head + 1);
        if (refusal != null) {
            throw new IllegalArgumentException(optionFor(refusal.field()) + ": the chain would not admit this task: "
                    + refusal);
        }
        return new TaskPosting(pay, heldOut, salt, countRepeats(train));
    }

    /** The training set's id on chain: it binds the record count to the root (docs/chain.md §4.2). */
    public Bytes32 datasetId() {
        return new DatasetId(pay.task().datasetRoot(), pay.datasetSize()).hash();
    }

    public Bytes32 commitment() {
        return pay.heldOutCommitment();
    }

    /** What the poster keeps, once the task id (the signed transaction's id) is known. */
    public HeldOutFile keep(Bytes32 taskId) {
        return new HeldOutFile(taskId, salt, heldOut);
    }

    /** The held-out set must fit one reveal (H_max) and repeat no record, or the reveal would be refused. */
    private static void checkHeldOut(Dataset heldOut) {
        long perRecord = 8L + 4L * heldOut.featureCount();
        long bytes = perRecord * heldOut.size();
        if (bytes > RevealHeldOut.MAX_HELD_OUT_BYTES) {
            long fits = RevealHeldOut.MAX_HELD_OUT_BYTES / perRecord;
            throw new IllegalArgumentException(String.format(Locale.ROOT, "--held-out-limit: the held-out set's %,d"
                    + " records are %,d bytes, more than one reveal carries (H_max = %,d bytes); keep at most %,d"
                    + " of them with --held-out-limit %d", heldOut.size(), bytes, RevealHeldOut.MAX_HELD_OUT_BYTES,
                    fits, fits));
        }
        boolean[] first = firstOfEach(heldOut);
        for (int i = 0; i < first.length; i++) {
            if (!first[i]) {
                throw new IllegalArgumentException("--data: held-out record " + i + " repeats an earlier one (up to"
                        + " a power-of-two scale); the chain refuses a held-out reveal that repeats a record");
            }
        }
    }

    private static int countRepeats(Dataset data) {
        int repeats = 0;
        for (boolean first : firstOfEach(data)) {
            repeats += first ? 0 : 1;
        }
        return repeats;
    }

    private static boolean[] firstOfEach(Dataset data) {
        float[][] rows = new float[data.size()][];
        int[] labels = new int[data.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = data.features(i);
            labels[i] = data.label(i);
        }
        return DistinctRecords.firstOfEach(rows, labels);
    }
}
