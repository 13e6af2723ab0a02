package org.pouw.ml.audit;

import org.pouw.ml.InvalidSpecException;
import org.pouw.ml.data.BatchSchedule;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Evaluation;
import org.pouw.ml.train.Evaluator;
import org.pouw.ml.train.Trainer;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.EncodingException;

/**
 * The verifier's side of verifiable training (docs/ml.md, "Protocol"): checks a worker's commitment, opening and
 * final model against a challenge the verifier issued after receiving the commitment, replaying every opened step
 * bit-exactly, and scores the final model on the held-out set.
 *
 * <p>Soundness rests on the challenge being drawn after the commitment is fixed. The caller must pass the
 * challenge <em>it</em> issued and stored — never one echoed back by the worker.
 *
 * <p>If a fraction f of a range's steps are not honest transitions (or do not chain), k audited steps miss all of
 * them with probability at most (1 − f)^k; see {@link DetectionProbability}.
 *
 * <p>Not thread-safe: it drives one {@link ThreadTeam}. Verify one submission at a time per auditor, or give
 * each verifying thread its own auditor (they are cheap once the datasets' roots are computed).
 */
public final class TrainingAuditor {
    private final TrainingTask task;
    private final Dataset training;
    private final Dataset heldOut;
    private final ThreadTeam team;
    private final BatchSchedule schedule;
    private Bytes32 initialStateHash;

    /** Both datasets must be the ones the task names (checked by Merkle root). */
    public TrainingAuditor(TrainingTask task, Dataset training, Dataset heldOut, ThreadTeam team) {
        if (!training.root().equals(task.datasetRoot())) {
            throw new InvalidSpecException("training set root " + training.root() + " is not the task's " + task.datasetRoot());
        }
        if (!heldOut.root().equals(task.heldOutRoot())) {
            throw new InvalidSpecException("held-out set root " + heldOut.root() + " is not the task's " + task.heldOutRoot());
        }
        this.task = task;
        this.training = training;
        this.heldOut = heldOut;
        this.team = team;
        this.schedule = new BatchSchedule(task.seed(), training.size(), task.hyperparameters().batchSize());
    }

    /**
     * The hash of the state every task run starts from: parameters from the seed and zero optimiser slots, or the
     * given weights' state the task names by hash (the verifier needs no weights for it).
     */
    public synchronized Bytes32 initialStateHash() {
        if (task.startsFromGivenWeights()) {
            return task.initialState();
        }
        if (initialStateHash == null) {
            initialStateHash = TrainingState.initial(task).hash(team);
        }
        return initialStateHash;
    }

    /** Audits a range that starts at step 0. */
    public AuditVerdict verify(TrainingCommitment commitment, AuditChallenge challenge, TrainingOpening opening) {
        return verify(commitment, initialStateHash(), challenge, opening);
    }

    /**
     * Audits a range that must start from the state hashing to {@code expectedStart} — the initial state for step
     * 0, else the final state of the previously accepted range.
     */
    public AuditVerdict verify(TrainingCommitment commitment, Bytes32 expectedStart, AuditChallenge challenge,
                               TrainingOpening opening) {
        if (!commitment.taskId().equals(task.id()) || commitment.toStep() > task.steps()) {
            return AuditVerdict.reject(VerdictReason.WRONG_TASK, -1,
                    "commitment for task " + commitment.taskId() + " steps [" + commitment.fromStep() + ", "
                            + commitment.toStep() + "), auditor holds task " + task.id() + " of " + task.steps() + " steps");
        }
        if (!commitment.startState().equals(expectedStart)) {
            return AuditVerdict.reject(VerdictReason.START_STATE_MISMATCH, commitment.fromStep(),
                    "commitment starts from " + commitment.startState() + ", expected " + expectedStart);
        }
        Bytes32 commitmentId = commitment.id();
        if (!challenge.commitmentId().equals(commitmentId) || !opening.commitmentId().equals(commitmentId)) {
            return AuditVerdict.reject(VerdictReason.WRONG_COMMITMENT, -1, "challenge or opening is for another commitment");
        }
        long[] due = challenge.auditedSteps(commitment);
        if (opening.steps().size() != due.length) {
            return AuditVerdict.reject(VerdictReason.STEPS_NOT_AS_CHALLENGED, -1,
                    due.length + " steps challenged, " + opening.steps().size() + " opened");
        }
        for (int i = 0; i < due.length; i++) {
            StepOpening step = opening.steps().get(i);
            if (step.step() != due[i]) {
                return AuditVerdict.reject(VerdictReason.STEPS_NOT_AS_CHALLENGED, step.step(),
                        "opening " + i + " is step " + step.step() + ", challenge asked for " + due[i]);
            }
            StepCheck check = checkStep(commitment, step);
            if (check.failure() != null) {
                return check.failure();
            }
        }
        return judgeFinalState(commitment, opening.finalState());
    }

    /**
     * Checks one opened step: it is the committed leaf, it chains to the next leaf (or ends the range in the
     * committed final state), and replaying it from the opened state gives the committed end state. Also the check
     * behind {@link #verifyTicket}.
     */
    private StepCheck checkStep(TrainingCommitment commitment, StepOpening opening) {
        long step = opening.step();
        if (step < commitment.fromStep() || step >= commitment.toStep()) {
            return StepCheck.failed(VerdictReason.STEPS_NOT_AS_CHALLENGED, step, "step outside the committed range");
        }
        int index = (int) (step - commitment.fromStep());
        TrainingState state;
        try {
            state = TrainingState.decode(task, opening.stateBeforeView());
        } catch (EncodingException e) {
            return StepCheck.failed(VerdictReason.MALFORMED_STATE, step, e.getMessage());
        }
        if (state.stepsDone() != step) {
            return StepCheck.failed(VerdictReason.MALFORMED_STATE, step,
                    "opened state has " + state.stepsDone() + " steps done, step " + step + " needs " + step);
        }
        Bytes32 before = state.hash(team);
        if (step == commitment.fromStep() && !before.equals(commitment.startState())) {
            return StepCheck.failed(VerdictReason.START_STATE_MISMATCH, step, "first step does not start from the committed start state");
        }
        StepLeaf leaf = new StepLeaf(step, before, StepLeaf.batchHash(schedule.batch(step)), opening.stateAfter());
        if (opening.proof().index() != index || opening.proof().leafCount() != commitment.stepCount()
                || !opening.proof().verify(commitment.stepsRoot().toArray(), leaf.hash().toArray())) {
            return StepCheck.failed(VerdictReason.LEAF_NOT_COMMITTED, step, "the opened step's leaf is not under the committed root");
        }
        boolean last = step == commitment.toStep() - 1;
        if (last) {
            if (!opening.stateAfter().equals(commitment.finalState())) {
                return StepCheck.failed(VerdictReason.FINAL_STATE_MISMATCH, step, "last step does not end in the committed final state");
            }
        } else {
            if (!opening.opensNextLeaf()) {
                return StepCheck.failed(VerdictReason.CHAIN_BROKEN, step, "the next step's leaf was not opened");
            }
            StepLeaf next = new StepLeaf(step + 1, opening.stateAfter(), StepLeaf.batchHash(schedule.batch(step + 1)),
                    opening.nextStateAfter());
            if (opening.nextProof().index() != index + 1 || opening.nextProof().leafCount() != commitment.stepCount()
                    || !opening.nextProof().verify(commitment.stepsRoot().toArray(), next.hash().toArray())) {
                return StepCheck.failed(VerdictReason.CHAIN_BROKEN, step, "step " + (step + 1) + " does not start where this step ended");
            }
        }
        new Trainer(task, training, state, schedule, team).step();
        Bytes32 after = state.hash(team);
        if (!after.equals(opening.stateAfter())) {
            return StepCheck.failed(VerdictReason.REPLAY_MISMATCH, step,
                    "replay ends in " + after + ", worker committed " + opening.stateAfter());
        }
        return new StepCheck(null, leaf);
    }

    /** A failed check's verdict, or the verified leaf. */
    private record StepCheck(AuditVerdict failure, StepLeaf leaf) {
        static StepCheck failed(VerdictReason reason, long step, String detail) {
            return new StepCheck(AuditVerdict.reject(reason, step, detail), null);
        }
    }

    private AuditVerdict judgeFinalState(TrainingCommitment commitment, byte[] finalState) {
        TrainingState state;
        try {
            state = TrainingState.decode(task, finalState);
        } catch (EncodingException e) {
            return AuditVerdict.reject(VerdictReason.MALFORMED_STATE, -1, "final state: " + e.getMessage());
        }
        if (state.stepsDone() != commitment.toStep() || !state.hash(team).equals(commitment.finalState())) {
            return AuditVerdict.reject(VerdictReason.FINAL_STATE_MISMATCH, -1, "the final state sent is not the committed one");
        }
        Evaluation quality = evaluate(state);
        return AuditVerdict.accept(quality, task.target().isMetBy(quality));
    }

    /** The quality of a state's model on the held-out set. */
    public Evaluation evaluate(TrainingState state) {
        return Evaluator.evaluate(state.network(), heldOut, task.hyperparameters().loss(), team);
    }

    /**
     * Checks a lottery ticket (docs/ml.md, "Nonce from work"): step {@code opening.step()} of the commitment is an
     * honest, committed step, and its ticket for {@code context} meets {@code target}.
     */
    public AuditVerdict verifyTicket(TrainingCommitment commitment, StepOpening opening, byte[] context, Bytes32 target) {
        if (!commitment.taskId().equals(task.id())) {
            return AuditVerdict.reject(VerdictReason.WRONG_TASK, -1, "commitment is for another task");
        }
        StepCheck check = checkStep(commitment, opening);
        if (check.failure() != null) {
            return check.failure();
        }
        if (!StepLottery.meetsTarget(StepLottery.ticket(check.leaf().hash(), context), target)) {
            return AuditVerdict.reject(VerdictReason.TICKET_ABOVE_TARGET, opening.step(), "ticket does not meet the target");
        }
        return AuditVerdict.acceptTicket(opening.step());
    }
}
