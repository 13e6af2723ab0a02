package org.pouw.kinds.mltrain;

import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import org.pouw.core.PouwException;
import org.pouw.core.work.AuditSample;
import org.pouw.core.work.ChallengeChannel;
import org.pouw.core.work.ProgressListener;
import org.pouw.core.work.Verdict;
import org.pouw.core.work.WorkFailedException;
import org.pouw.core.work.WorkItem;
import org.pouw.core.work.WorkKind;
import org.pouw.core.work.WorkProver;
import org.pouw.ml.MlException;
import org.pouw.ml.audit.AuditChallenge;
import org.pouw.ml.audit.AuditVerdict;
import org.pouw.ml.audit.CommittedTrainer;
import org.pouw.ml.audit.TrainingAuditor;
import org.pouw.ml.audit.TrainingCommitment;
import org.pouw.ml.audit.TrainingOpening;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Evaluation;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.QualityEvaluator;
import org.pouw.ml.train.QualityReport;
import org.pouw.ml.train.TrainingState;

/**
 * The {@code ml-train} work kind (issue 4; docs/ml.md): the worker trains the job's task and commits to every step
 * in a Merkle tree; only then does the node draw which steps to audit; the worker opens those steps and the final
 * state; the node replays each audited step bit-exactly, scores the final model on the held-out set and pays —
 * the whole reward if the task's target is met, the job's {@code missed_target_reward_percent} of it otherwise,
 * the rest going back to the client. A job covers the task's whole run, steps [0, steps).
 */
public final class MlTrainKind implements WorkKind, WorkProver {
    public static final String NAME = "ml-train";
    /** What a worker may spend on checkpoints, which bound the replay needed to open an audited step. */
    static final long CHECKPOINT_BUDGET_BYTES = 256L << 20;
    /**
     * The FGSM step of the quality record, in feature units: a tenth of the [0, 1] range pixel data is scaled to
     * (docs/ml.md, "Quality"). Not part of the task, so it can change without changing any task's id.
     */
    public static final float FGSM_EPSILON = 0.1f;
    /** Per-class precision and recall are listed up to this many classes (a byte language model has 256). */
    static final int MAX_CLASSES_LISTED = 100;

    private final SecureRandom random = new SecureRandom();
    private final LoadedTasks tasks = new LoadedTasks(2);

    /** A task the node has just loaded and checked while planning its job, so the first verification skips that. */
    void remember(String taskRef, LoadedTask loaded) {
        tasks.remember(taskRef, loaded);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String kind() {
        return NAME;
    }

    /**
     * The task, the training set and a given start state, never the held-out set: only the node scores the model on
     * it, and a worker who saw it could tune its model to it (issue 27, item 6).
     */
    @Override
    public List<String> proverInputs(String traceRef, String params) {
        try {
            MlTrainParams parsed = MlTrainParams.parse(params);
            return parsed.initBlob() == null ? List.of(traceRef, parsed.trainBlob())
                    : List.of(traceRef, parsed.trainBlob(), parsed.initBlob());
        } catch (WorkFailedException e) {
            return List.of();
        }
    }

    @Override
    public boolean takesCommitment() {
        return true;
    }

    /** Refuses a commitment to anything but this job's task and whole range; the challenge is drawn after. */
    @Override
    public byte[] challenge(WorkItem item, byte[] commitmentBytes) {
        return challenge(item, commitmentBytes, AuditSample.FULL);
    }

    /**
     * {@link #challenge(WorkItem, byte[])} auditing as many steps as {@code sample} gives from the job's
     * {@code audits} and the fresh nonce (docs/ml.md, "Audits by level"): the nonce is drawn first, after the
     * commitment, and the count follows from it, so it is as unpredictable as the steps and anyone can recompute it.
     */
    @Override
    public byte[] challenge(WorkItem item, byte[] commitmentBytes, AuditSample sample) {
        MlTrainParams params = MlTrainParams.parse(item.params());
        TrainingCommitment commitment;
        try {
            commitment = TrainingCommitment.decode(commitmentBytes);
        } catch (MlException e) {
            throw PouwException.invalid("commitment", "is not a training commitment: " + e.getMessage());
        }
        if (!commitment.taskId().hex().equals(item.traceHash())) {
            throw PouwException.invalid("commitment", "is for task " + commitment.taskId().hex() + ", this job trains "
                    + item.traceHash());
        }
        if (commitment.fromStep() != 0 || commitment.toStep() != params.steps()) {
            throw PouwException.invalid("commitment", "covers steps [" + commitment.fromStep() + ", "
                    + commitment.toStep() + "); this job is steps [0, " + params.steps() + ")");
        }
        int full = (int) Math.min(params.audits(), commitment.stepCount());
        AuditChallenge drawn = AuditChallenge.issue(commitment, random, full);
        return new AuditChallenge(drawn.commitmentId(), drawn.nonce(),
                sample.count(full, drawn.nonce().toArray()[0])).encode();
    }

    @Override
    public Verdict verify(WorkItem item, byte[] proof) {
        TrainingCommitment commitment;
        AuditChallenge challenge;
        TrainingOpening opening;
        try {
            commitment = TrainingCommitment.decode(item.exchange().commitment());
            challenge = AuditChallenge.decode(item.exchange().challenge());
        } catch (MlException e) {
            return Verdict.reject(Verdict.Reason.MALFORMED, "the stored exchange does not decode: " + e.getMessage());
        }
        try {
            opening = TrainingOpening.decode(proof);
        } catch (MlException e) {
            return Verdict.reject(Verdict.Reason.MALFORMED, "the opening does not decode: " + e.getMessage());
        }
        LoadedTask loaded = tasks.load(item);
        AuditVerdict verdict;
        try (ThreadTeam team = ThreadTeam.single()) {
            verdict = new TrainingAuditor(loaded.task(), loaded.training(), loaded.heldOut(), team)
                    .verify(commitment, challenge, opening);
        }
        if (!verdict.accepted()) {
            String where = verdict.step() >= 0 ? " at step " + verdict.step() : "";
            return Verdict.reject(Verdict.Reason.MISMATCH, verdict.reason().name().toLowerCase(Locale.ROOT) + where
                    + ": " + verdict.detail());
        }
        int percent = verdict.targetMet() ? 100 : loaded.params().missedTargetRewardPercent();
        QualityReport report;
        try (ThreadTeam team = ThreadTeam.single()) {
            // The final state hashed to the committed one in verify, so it decodes; its quality is the buyer's record.
            report = QualityEvaluator.evaluate(TrainingState.decode(loaded.task(), opening.finalState()).network(),
                    loaded.heldOut(), loaded.task().hyperparameters().loss(), FGSM_EPSILON, team);
        }
        return Verdict.ok(resultInfo(loaded.task(), verdict, challenge.audits(), report), percent);
    }

    /**
     * What the node records with an accepted result: the held-out quality and whether the target was met. With the
     * cross-entropy loss it adds the held-out perplexity, {@code exp(loss)} (per next byte for a language model).
     */
    static String resultInfo(TrainingTask task, AuditVerdict verdict, int audits, QualityReport report) {
        Evaluation quality = verdict.quality();
        TargetMetric target = task.target();
        String perplexity = task.hyperparameters().loss() == Loss.SOFTMAX_CROSS_ENTROPY
                ? ",\"perplexity\":" + number(quality.perplexity()) : "";
        StringBuilder perClass = new StringBuilder();
        if (quality.classes() <= MAX_CLASSES_LISTED) {
            perClass.append(",\"per_class\":[");
            for (int c = 0; c < quality.classes(); c++) {
                perClass.append(c == 0 ? "" : ",").append(String.format(Locale.ROOT, "{\"class\":%d,\"precision\":%s,"
                        + "\"recall\":%s}", c, number(quality.precision(c)), number(quality.recall(c))));
            }
            perClass.append(']');
        }
        return String.format(Locale.ROOT, "{\"accuracy\":%s,\"loss\":%s%s,\"samples\":%d,\"ece\":%s,\"ece_bins\":%d,"
                        + "\"fgsm_epsilon\":%s,\"fgsm_accuracy\":%s%s,\"target\":\"%s\","
                        + "\"threshold\":%s,\"target_met\":%b,\"audited_steps\":%d,\"steps\":%d}",
                number(quality.accuracy()), number(quality.meanLoss()), perplexity, quality.samples(),
                number(report.calibrationError()), report.calibrationBins(), number(report.fgsmEpsilon()),
                number(report.fgsmAccuracy()), perClass, target.metric().name().toLowerCase(Locale.ROOT),
                number(target.threshold()), verdict.targetMet(), audits, task.steps());
    }

    private static String number(double value) {
        return Double.isFinite(value) ? Double.toString(value) : "null";
    }

    @Override
    public byte[] prove(WorkItem item, ProgressListener progress, ChallengeChannel verifier) {
        LoadedTask loaded = tasks.loadForTraining(item);
        TrainingTask task = loaded.task();
        TrainingState start = loaded.start();
        int interval = checkpointInterval(task.steps(), start.encode().length);
        try (ThreadTeam team = ThreadTeam.single()) {
            CommittedTrainer trainer = new CommittedTrainer(task, loaded.training(), start, task.steps(), interval,
                    team);
            long every = Math.max(1, task.steps() / 200);
            while (!trainer.done()) {
                trainer.trainStep();
                long done = trainer.state().stepsDone();
                progress.trainingStep(done, trainer.lastLoss());
                if (done % every == 0 || done == task.steps()) {
                    progress.progress("training", (double) done / task.steps());
                }
            }
            TrainingCommitment commitment = trainer.commit();
            AuditChallenge challenge;
            try {
                challenge = AuditChallenge.decode(verifier.challenge(commitment.encode()));
            } catch (MlException e) {
                throw new WorkFailedException("the node's challenge does not decode: " + e.getMessage());
            }
            if (!challenge.commitmentId().equals(commitment.id())) {
                throw new WorkFailedException("the node's challenge is for another commitment");
            }
            progress.progress("opening", 0);
            byte[] opening = trainer.open(challenge).encode();
            progress.progress("opening", 1);
            return opening;
        }
    }

    /** Checkpoints every so many steps that all of them fit in {@link #CHECKPOINT_BUDGET_BYTES}. */
    static int checkpointInterval(long steps, int stateBytes) {
        long affordable = Math.max(1, CHECKPOINT_BUDGET_BYTES / Math.max(1, stateBytes));
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, (steps + affordable - 1) / affordable));
    }
}
