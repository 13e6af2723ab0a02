package org.pouw.ml.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.MerkleTree;
import org.pouw.ml.SyntheticData;
import org.pouw.ml.Tasks;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/** Commit → challenge → open → verdict with honest and dishonest workers. */
class VerifiableTrainingTest {
    private static final Dataset TRAIN = SyntheticData.blobs(600, 16, 4, 0.5, 30);
    private static final Dataset HELD_OUT = SyntheticData.blobs(300, 16, 4, 0.5, 31);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TrainingTask task = Tasks.smallMlp(TRAIN, HELD_OUT, 120);
    private final TrainingAuditor auditor = new TrainingAuditor(task, TRAIN, HELD_OUT, ThreadTeam.single());

    @Test
    void anHonestWorkerIsAcceptedWithTheModelQualityRecorded() {
        try (ThreadTeam workerTeam = ThreadTeam.of(2)) {
            CommittedTrainer worker = new CommittedTrainer(task, TRAIN, TrainingState.initial(task), task.steps(), 16, workerTeam);
            TrainingCommitment commitment = worker.trainAll();
            AuditChallenge challenge = AuditChallenge.issue(commitment, RANDOM, 12);
            AuditVerdict verdict = auditor.verify(commitment, challenge, worker.open(challenge));
            assertThat(verdict.reason()).isEqualTo(VerdictReason.ACCEPTED);
            assertThat(verdict.quality().accuracy()).isGreaterThan(0.9);
            assertThat(verdict.quality().samples()).isEqualTo(HELD_OUT.size());
            assertThat(verdict.targetMet()).isTrue();
        }
    }

    @Test
    void consecutiveRangesChainThroughTheAcceptedFinalState() {
        CommittedTrainer first = new CommittedTrainer(task, TRAIN, TrainingState.initial(task), 50, 10, ThreadTeam.single());
        TrainingCommitment c1 = first.trainAll();
        AuditChallenge ch1 = AuditChallenge.issue(c1, RANDOM, 5);
        assertThat(auditor.verify(c1, ch1, first.open(ch1)).accepted()).isTrue();

        TrainingState resumed = TrainingState.decode(task, first.state().encode());
        CommittedTrainer second = new CommittedTrainer(task, TRAIN, resumed, task.steps(), 10, ThreadTeam.single());
        TrainingCommitment c2 = second.trainAll();
        assertThat(c2.fromStep()).isEqualTo(50);
        AuditChallenge ch2 = AuditChallenge.issue(c2, RANDOM, 5);
        assertThat(auditor.verify(c2, c1.finalState(), ch2, second.open(ch2)).accepted()).isTrue();
        // The second range does not start from the initial state, so auditing it as a fresh range fails.
        assertThat(auditor.verify(c2, ch2, second.open(ch2)).reason()).isEqualTo(VerdictReason.START_STATE_MISMATCH);
    }

    @Test
    void auditingEveryStepCatchesEvenASingleSkippedStep() {
        DishonestWorker cheat = new DishonestWorker(task, TRAIN, Set.of(77L));
        AuditChallenge all = AuditChallenge.issue(cheat.commitment(), RANDOM, (int) task.steps());
        AuditVerdict verdict = auditor.verify(cheat.commitment(), all, cheat.open(all));
        assertThat(verdict.reason()).isEqualTo(VerdictReason.REPLAY_MISMATCH);
        assertThat(verdict.step()).isEqualTo(77);
    }

    @Test
    void aWorkerThatSkipsAFewStepsIsCaughtAtTheStatedProbability() {
        TrainingTask shortTask = Tasks.smallMlp(TRAIN, HELD_OUT, 64);
        TrainingAuditor shortAuditor = new TrainingAuditor(shortTask, TRAIN, HELD_OUT, ThreadTeam.single());
        DishonestWorker cheat = new DishonestWorker(shortTask, TRAIN, Set.of(5L, 21L, 40L, 63L));
        int audits = 8;
        double expected = DetectionProbability.exact(64, 4, audits); // 0.4219
        int trials = 800;
        int caught = 0;
        for (int trial = 0; trial < trials; trial++) {
            AuditChallenge challenge = AuditChallenge.issue(cheat.commitment(), RANDOM, audits);
            AuditVerdict verdict = shortAuditor.verify(cheat.commitment(), challenge, cheat.open(challenge));
            if (!verdict.accepted()) {
                assertThat(verdict.reason()).isEqualTo(VerdictReason.REPLAY_MISMATCH);
                caught++;
            }
        }
        double rate = (double) caught / trials;
        double sigma = Math.sqrt(expected * (1 - expected) / trials);
        // 5 sigma either side: a false failure about once in 1.7 million runs.
        assertThat(rate).isBetween(expected - 5 * sigma, expected + 5 * sigma);
        assertThat(expected).isGreaterThanOrEqualTo(DetectionProbability.lowerBound(4 / 64.0, audits));
    }

    @Test
    void commitmentsThatDoNotChainAreCaughtAtTheBreak() {
        // Steps that are each honest but do not form one chain: leaf 30 starts from a state no step produced.
        TrainingState state = TrainingState.initial(task);
        ThreadTeam team = ThreadTeam.single();
        StepLog log = new StepLog(task.id(), 0, state.hash(team));
        List<byte[]> before = new ArrayList<>();
        var trainer = new org.pouw.ml.train.Trainer(task, TRAIN, state, team);
        for (long step = 0; step < task.steps(); step++) {
            if (step == 30) {
                // Jump: perturb the weights, then train honestly from there.
                state.network().parameters().get(0).value()[0][0] += 0.5f;
            }
            before.add(state.encode());
            Bytes32 h = state.hash(team);
            int[] batch = trainer.schedule().batch(step);
            trainer.step();
            log.append(new StepLeaf(step, h, StepLeaf.batchHash(batch), state.hash(team)));
        }
        TrainingCommitment commitment = log.commit();
        AuditChallenge challenge = challengeHitting(commitment, 29, 3);
        List<StepOpening> openings = new ArrayList<>();
        for (long step : challenge.auditedSteps(commitment)) {
            openings.add(log.open(step, before.get((int) step)));
        }
        AuditVerdict verdict = auditor.verify(commitment, challenge, new TrainingOpening(commitment.id(), openings, state.encode()));
        assertThat(verdict.reason()).isEqualTo(VerdictReason.CHAIN_BROKEN);
        assertThat(verdict.step()).isEqualTo(29);
    }

    @Test
    void tamperedOpeningsAreRejectedWithTheirReason() {
        CommittedTrainer worker = new CommittedTrainer(task, TRAIN, TrainingState.initial(task), task.steps(), 20, ThreadTeam.single());
        TrainingCommitment commitment = worker.trainAll();
        AuditChallenge challenge = AuditChallenge.issue(commitment, RANDOM, 4);
        TrainingOpening honest = worker.open(challenge);
        StepOpening first = honest.steps().get(0);

        // A proof for another leaf.
        MerkleTree.Proof wrongProof = new MerkleTree.Proof((first.proof().index() + 1) % commitment.stepCount(),
                first.proof().leafCount(), first.proof().siblings());
        assertThat(verdictWith(commitment, challenge, honest, new StepOpening(first.step(), first.stateBefore(),
                first.stateAfter(), wrongProof, first.nextStateAfter(), first.nextProof())).reason())
                .isEqualTo(VerdictReason.LEAF_NOT_COMMITTED);
        // A state that does not decode.
        assertThat(verdictWith(commitment, challenge, honest, new StepOpening(first.step(), new byte[12],
                first.stateAfter(), first.proof(), first.nextStateAfter(), first.nextProof())).reason())
                .isEqualTo(VerdictReason.MALFORMED_STATE);
        // The wrong final model.
        byte[] otherFinal = TrainingState.initial(task).encode();
        assertThat(auditor.verify(commitment, challenge, new TrainingOpening(commitment.id(), honest.steps(), otherFinal)).reason())
                .isIn(VerdictReason.FINAL_STATE_MISMATCH);
        // Fewer steps than challenged.
        assertThat(auditor.verify(commitment, challenge, new TrainingOpening(commitment.id(), honest.steps().subList(1, 4),
                honest.finalState())).reason()).isEqualTo(VerdictReason.STEPS_NOT_AS_CHALLENGED);
        // A challenge for another commitment.
        AuditChallenge foreign = new AuditChallenge(Bytes32.of(new byte[32]), challenge.nonce(), 4);
        assertThat(auditor.verify(commitment, foreign, honest).reason()).isEqualTo(VerdictReason.WRONG_COMMITMENT);
        // A commitment for another task.
        TrainingTask other = Tasks.smallMlp(TRAIN, HELD_OUT, 121);
        TrainingCommitment forOther = new TrainingCommitment(other.id(), 0, 120, commitment.startState(),
                commitment.finalState(), commitment.stepsRoot());
        assertThat(auditor.verify(forOther, challenge, honest).reason()).isEqualTo(VerdictReason.WRONG_TASK);
        // The untampered opening still passes.
        assertThat(auditor.verify(commitment, challenge, honest).accepted()).isTrue();
    }

    @Test
    void theChallengeDependsOnTheNonceAndIsReproducibleFromIt() {
        CommittedTrainer worker = new CommittedTrainer(task, TRAIN, TrainingState.initial(task), 40, 40, ThreadTeam.single());
        TrainingCommitment commitment = worker.trainAll();
        AuditChallenge a = new AuditChallenge(commitment.id(), Bytes32.of(new byte[32]), 6);
        AuditChallenge b = new AuditChallenge(commitment.id(), Bytes32.of(new byte[32]), 6);
        byte[] otherNonce = new byte[32];
        otherNonce[0] = 1;
        AuditChallenge c = new AuditChallenge(commitment.id(), Bytes32.of(otherNonce), 6);
        assertThat(a.auditedSteps(commitment)).isEqualTo(b.auditedSteps(commitment)).hasSize(6).isSorted().doesNotHaveDuplicates();
        assertThat(c.auditedSteps(commitment)).isNotEqualTo(a.auditedSteps(commitment));
        assertThat(new AuditChallenge(commitment.id(), Bytes32.of(otherNonce), 100).auditedSteps(commitment)).hasSize(40);
    }

    private AuditVerdict verdictWith(TrainingCommitment commitment, AuditChallenge challenge, TrainingOpening honest,
                                     StepOpening replacedFirst) {
        List<StepOpening> steps = new ArrayList<>(honest.steps());
        steps.set(0, replacedFirst);
        return auditor.verify(commitment, challenge, new TrainingOpening(commitment.id(), steps, honest.finalState()));
    }

    /** A challenge whose audited steps include {@code step} (found by trying nonces — tests only). */
    private static AuditChallenge challengeHitting(TrainingCommitment commitment, long step, int audits) {
        for (int i = 0; ; i++) {
            byte[] nonce = new byte[32];
            nonce[0] = (byte) i;
            nonce[1] = (byte) (i >> 8);
            AuditChallenge challenge = new AuditChallenge(commitment.id(), Bytes32.of(nonce), audits);
            for (long s : challenge.auditedSteps(commitment)) {
                if (s == step) {
                    return challenge;
                }
            }
        }
    }
}
