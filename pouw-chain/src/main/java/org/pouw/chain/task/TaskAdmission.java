package org.pouw.chain.task;

import org.pouw.chain.tx.FinalModelReveal;
import org.pouw.chain.tx.PayForTask;
import org.pouw.ml.model.Architecture;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.Adam;
import org.pouw.ml.train.SgdMomentum;

/**
 * Whether a posted task may be mined (docs/chain.md §4.2). What a validator can check from the transaction alone:
 * learning rate per optimiser in a range that trains, batch B ≤ B_max, n ≥ c_n·B, the record shape against the
 * architecture, M_max(task) ≤ C_mac, state words ≤ C_words, a final model small enough to reveal (≤ F_max), StrictMath
 * calls per step ≤ C_math, a non-zero escrow and deadlines
 * that leave each window at least W_min blocks. What it can not check without the records — duplicates in the
 * training set — is checked where records appear: every opened batch counts each distinct record once (§3.2), and
 * the held-out reveal is refused if it repeats a record.
 */
public final class TaskAdmission {
    private final TaskParameters parameters;

    public TaskAdmission(TaskParameters parameters) {
        this.parameters = parameters;
    }

    /** The first rule {@code pay} breaks when posted at {@code height}, or null when it is admitted. */
    public AdmissionRefusal check(PayForTask pay, long height) {
        TrainingTask task = pay.task();
        Hyperparameters hyper = task.hyperparameters();
        AdmissionRefusal learningRate = switch (hyper.optimizer()) {
            case SgdMomentum sgd -> inRange("learning rate", sgd.learningRate(), parameters.sgdLearningRate(),
                    "SGD");
            case Adam adam -> inRange("learning rate", adam.learningRate(), parameters.adamLearningRate(), "Adam");
        };
        if (learningRate != null) {
            return learningRate;
        }
        int batch = hyper.batchSize();
        if (batch > parameters.maxBatch()) {
            return new AdmissionRefusal("batch size", "must be at most " + parameters.maxBatch() + ", got " + batch);
        }
        long needed = (long) parameters.recordsPerBatch() * batch;
        if (pay.datasetSize() < needed) {
            return new AdmissionRefusal("dataset size", "must be at least " + parameters.recordsPerBatch()
                    + " × batch size = " + needed + ", got " + pay.datasetSize());
        }
        Architecture architecture = task.architecture();
        if (pay.features() != architecture.inputSize()) {
            return new AdmissionRefusal("features", "must be the architecture's input size "
                    + architecture.inputSize() + ", got " + pay.features());
        }
        if (pay.classes() != architecture.classes()) {
            return new AdmissionRefusal("classes", "must be the architecture's class count "
                    + architecture.classes() + ", got " + pay.classes());
        }
        long work = StepWorkBound.maxCountedMultiplyAdds(architecture, batch);
        if (work > parameters.maxMultiplyAdds()) {
            return new AdmissionRefusal("multiply-adds per step", "M_max must be at most C_mac = "
                    + parameters.maxMultiplyAdds() + ", got " + work);
        }
        // A stack's batch normalisation keeps running averages in the state too (pouw-ml's state version 2, whose
        // header has one word more): the replay hashes and scans them like any other word.
        long stateWords = architecture.parameterCount() * (1 + hyper.optimizer().slotCount())
                + architecture.bufferCount();
        if (stateWords > parameters.maxStateWords()) {
            return new AdmissionRefusal("state words", "parameters, optimiser slots and buffers must be at most"
                    + " C_words = " + parameters.maxStateWords() + ", got " + stateWords);
        }
        long stateBytes = 4 * ((architecture.bufferCount() == 0 ? 6 : 7) + stateWords);
        if (stateBytes > FinalModelReveal.MAX_MODEL_BYTES) {
            return new AdmissionRefusal("model size", "the training state must fit a reveal of "
                    + FinalModelReveal.MAX_MODEL_BYTES + " bytes, got " + stateBytes);
        }
        long mathCalls = StepMathBound.maxMathCalls(architecture, hyper);
        if (mathCalls > parameters.maxMathCalls()) {
            return new AdmissionRefusal("StrictMath calls per step", "must be at most C_math = "
                    + parameters.maxMathCalls() + ", got " + mathCalls);
        }
        if (pay.escrow() < 1) {
            return new AdmissionRefusal("escrow", "must be at least 1, got " + pay.escrow());
        }
        return deadlines(pay, height);
    }

    private AdmissionRefusal deadlines(PayForTask pay, long height) {
        long earliestCommit = height + parameters.epochLength();
        if (pay.commitBy() < earliestCommit || pay.commitBy() > height + parameters.maxLifetime()) {
            return new AdmissionRefusal("commit deadline", "must be in [" + earliestCommit + ", "
                    + (height + parameters.maxLifetime()) + "] at height " + height + ", got " + pay.commitBy());
        }
        if (pay.revealBy() < pay.commitBy() + parameters.minWindow()) {
            return new AdmissionRefusal("reveal deadline", "must be at least " + parameters.minWindow()
                    + " blocks after the commit deadline " + pay.commitBy() + ", got " + pay.revealBy());
        }
        if (pay.heldOutBy() < pay.revealBy() + parameters.minWindow()) {
            return new AdmissionRefusal("held-out deadline", "must be at least " + parameters.minWindow()
                    + " blocks after the reveal deadline " + pay.revealBy() + ", got " + pay.heldOutBy());
        }
        return null;
    }

    private static AdmissionRefusal inRange(String field, double value, TaskParameters.Range range,
                                            String optimiser) {
        return range.contains(value) ? null : new AdmissionRefusal(field, "for " + optimiser + " must be in ["
                + range.min() + ", " + range.max() + "], got " + value);
    }
}
