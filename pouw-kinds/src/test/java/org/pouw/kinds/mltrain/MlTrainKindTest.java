package org.pouw.kinds.mltrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pouw.core.PouwException;
import org.pouw.core.job.Tier;
import org.pouw.core.work.AuditSample;
import org.pouw.core.work.ChallengeChannel;
import org.pouw.core.work.ProgressListener;
import org.pouw.core.work.Verdict;
import org.pouw.core.work.WorkFailedException;
import org.pouw.core.work.WorkItem;
import org.pouw.core.work.WorkProver;
import org.pouw.kinds.MapBlobs;
import org.pouw.ml.audit.AuditChallenge;
import org.pouw.ml.audit.DetectionProbability;
import org.pouw.ml.audit.TrainingCommitment;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.data.DatasetCodec;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ml-train kind as the market drives it: the prover commits through a channel, the kind draws the challenge,
 * and the verifier gets the commitment and the challenge the "node" stored — here a map standing in for the job row.
 */
class MlTrainKindTest {
    private static final Dataset TRAIN = MlFixtures.clusters(96, 1);
    private static final Dataset HELD_OUT = MlFixtures.clusters(48, 2);

    private final MapBlobs blobs = new MapBlobs();
    private final MlTrainKind kind = new MlTrainKind();

    /** A job of {@code task}, planned the way the node plans it. */
    private WorkItem job(TrainingTask task, int audits) {
        MlTrainIntents intents = new MlTrainIntents(blobs, kind, 10_000, audits, 40);
        String train = intents.storeDataset(DatasetCodec.encode(TRAIN)).blob();
        String heldOut = intents.storeDataset(DatasetCodec.encode(HELD_OUT)).blob();
        var planned = intents.plan(task.encode(), train, heldOut).job();
        return new WorkItem("job-1", planned.kind(), Tier.MACRO, planned.traceHash().hex(), planned.traceRef(),
                planned.params(), key -> blobs.get(key)
                        .orElseThrow(() -> new WorkFailedException("blob " + key + " is missing")));
    }

    /** Runs {@code prover} against the kind, the stored exchange in hand, and verifies what it submits. */
    private Verdict run(WorkProver prover, WorkItem item) {
        return run(prover, item, item);
    }

    /** {@link #run}, the prover seeing {@code proving} (its blobs as a worker reads them), the node {@code node}. */
    private Verdict run(WorkProver prover, WorkItem proving, WorkItem node) {
        return run(prover, proving, node, AuditSample.FULL);
    }

    /** {@link #run}, the challenge auditing as {@code sample} says (a prover's level). */
    private Verdict run(WorkProver prover, WorkItem proving, WorkItem node, AuditSample sample) {
        byte[][] exchange = new byte[2][];
        byte[] proof = prover.prove(proving, ProgressListener.NONE, commitment -> {
            exchange[0] = commitment;
            exchange[1] = kind.challenge(node, commitment, sample);
            return exchange[1];
        });
        return kind.verify(withExchange(node, exchange[0], exchange[1]), proof);
    }

    private static WorkItem withExchange(WorkItem item, byte[] commitment, byte[] challenge) {
        return new WorkItem(item.jobId(), item.kind(), item.tier(), item.traceHash(), item.traceRef(), item.params(),
                item.blobs(), new WorkItem.Exchange(commitment, challenge));
    }

    @Test
    void an_honest_worker_is_accepted_with_the_held_out_quality_and_paid_in_full_when_the_target_is_met() {
        TrainingTask task = MlFixtures.task(TRAIN, HELD_OUT, 60, TargetMetric.accuracyAtLeast(0.6), 1_000);
        Verdict verdict = run(kind, job(task, 8));

        assertThat(verdict.accepted()).as(verdict.detail()).isTrue();
        assertThat(verdict.rewardPercent()).isEqualTo(100);
        JsonNode info = JsonMapper.builder().build().readTree(verdict.info());
        assertThat(info.get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.6);
        assertThat(info.get("samples").asLong()).isEqualTo(HELD_OUT.size());
        assertThat(info.get("target_met").asBoolean()).isTrue();
        assertThat(info.get("audited_steps").asInt()).isEqualTo(8);
        assertThat(info.get("steps").asLong()).isEqualTo(60);
        assertThat(info.get("ece").asDouble()).isBetween(0.0, 1.0);
        assertThat(info.get("ece_bins").asInt()).isEqualTo(15);
        assertThat(info.get("fgsm_epsilon").asDouble()).isEqualTo(0.1, org.assertj.core.api.Assertions.within(1e-7));
        assertThat(info.get("fgsm_accuracy").asDouble()).isBetween(0.0, info.get("accuracy").asDouble() + 1e-12);
        assertThat(info.get("per_class").size()).isEqualTo(HELD_OUT.classes());
        assertThat(info.get("per_class").get(0).get("recall").asDouble()).isBetween(0.0, 1.0);
    }

    @Test
    void a_worker_trains_from_the_task_and_training_set_alone_and_never_needs_the_held_out_set() {
        TrainingTask task = MlFixtures.task(TRAIN, HELD_OUT, 30, TargetMetric.accuracyAtLeast(0.6), 1_000);
        WorkItem full = job(task, 4);
        MlTrainParams params = MlTrainParams.parse(full.params());
        assertThat(kind.proverInputs(full.traceRef(), full.params()))
                .containsExactlyInAnyOrder(full.traceRef(), params.trainBlob())
                .doesNotContain(params.heldOutBlob());
        MlTrainKind workerSide = new MlTrainKind(); // nothing cached from the node's planning
        WorkItem leased = new WorkItem(full.jobId(), full.kind(), full.tier(), full.traceHash(), full.traceRef(),
                full.params(), blobs.only(kind.proverInputs(full.traceRef(), full.params())));

        Verdict verdict = run(workerSide, leased, full);

        assertThat(verdict.accepted()).as(verdict.detail()).isTrue();
    }

    @Test
    void a_model_that_misses_its_target_is_still_verified_work_paid_at_the_jobs_missed_target_share() {
        TrainingTask task = MlFixtures.task(TRAIN, HELD_OUT, 20, new TargetMetric(TargetMetric.Metric.LOSS, 0), 1_000);
        Verdict verdict = run(kind, job(task, 4));

        assertThat(verdict.accepted()).isTrue();
        assertThat(verdict.rewardPercent()).isEqualTo(40);
        assertThat(verdict.info()).contains("\"target_met\":false", "\"target\":\"loss\"");
    }

    @Test
    void a_worker_that_skips_steps_is_caught_whenever_an_audit_lands_on_one() {
        TrainingTask task = MlFixtures.task(TRAIN, HELD_OUT, 30, TargetMetric.accuracyAtLeast(0.5), 1_000);
        Verdict allAudited = run(new SkippingMlProver(Set.of(17L)), job(task, 30));
        assertThat(allAudited.accepted()).isFalse();
        assertThat(allAudited.detail()).startsWith("replay_mismatch at step 17");

        // 3 of 30 steps skipped, 4 audits: caught with probability 1 − C(27,4)/C(30,4) ≈ 0.3596.
        WorkItem item = job(task, 4);
        SkippingMlProver cheat = new SkippingMlProver(Set.of(3L, 11L, 25L));
        int trials = 300;
        int caught = 0;
        for (int i = 0; i < trials; i++) {
            if (!run(cheat, item).accepted()) {
                caught++;
            }
        }
        double p = DetectionProbability.exact(30, 3, 4);
        double sigma = Math.sqrt(trials * p * (1 - p));
        assertThat((double) caught).isBetween(trials * p - 5 * sigma, trials * p + 5 * sigma);
    }

    /**
     * Audits by level (docs/ml.md, "Audits by level"): the count is a function of the nonce drawn after the
     * commitment, the job's full count and the level's sample, recomputed here from each challenge; a trusted
     * prover's challenge audits a quarter (8 of 32) or, one time in four, all 32; never fewer than the floor.
     */
    @Test
    void the_audit_count_follows_the_level_and_the_nonce_and_never_falls_below_the_floor() {
        TrainingTask task = MlFixtures.task(TRAIN, HELD_OUT, 64, TargetMetric.accuracyAtLeast(0.0), 1_000);
        WorkItem item = job(task, 32);
        var zero = org.pouw.ml.wire.Bytes32.of(new byte[32]);
        byte[] commitment = new TrainingCommitment(task.id(), 0, 64, zero, zero, zero).encode();
        AuditSample trusted = new AuditSample(250, 8);
        Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < 64; i++) {
            AuditChallenge challenge = AuditChallenge.decode(kind.challenge(item, commitment, trusted));
            assertThat(challenge.audits()).isEqualTo(trusted.count(32, challenge.nonce().toArray()[0]));
            seen.add(challenge.audits());
        }
        assertThat(seen).as("both the quarter and the full count occur in 64 draws (all one: p < 1e-7)")
                .containsExactlyInAnyOrder(8, 32);
        AuditSample floorAbove = new AuditSample(250, 12);
        for (int i = 0; i < 16; i++) {
            assertThat(AuditChallenge.decode(kind.challenge(item, commitment, floorAbove)).audits()).isIn(12, 32);
        }
        for (int i = 0; i < 16; i++) {
            assertThat(AuditChallenge.decode(kind.challenge(item, commitment, AuditSample.FULL)).audits())
                    .as("probation, or levels off: the full count").isEqualTo(32);
        }
    }

    @Test
    void an_honest_worker_answers_a_reduced_challenge_and_is_accepted() {
        TrainingTask task = MlFixtures.task(TRAIN, HELD_OUT, 40, TargetMetric.accuracyAtLeast(0.0), 1_000);
        WorkItem item = job(task, 16);
        Verdict verdict = run(kind, item, item, new AuditSample(250, 4));
        assertThat(verdict.accepted()).as(verdict.detail()).isTrue();
        assertThat(JsonMapper.builder().build().readTree(verdict.info()).get("audited_steps").asInt()).isIn(4, 16);
    }

    @Test
    void commitments_to_another_task_or_range_are_refused_before_any_challenge_is_drawn() {
        TrainingTask task = MlFixtures.task(TRAIN, HELD_OUT, 10, TargetMetric.accuracyAtLeast(0.5), 1_000);
        WorkItem item = job(task, 4);
        TrainingTask other = MlFixtures.task(TRAIN, HELD_OUT, 11, TargetMetric.accuracyAtLeast(0.5), 1_000);
        var zero = org.pouw.ml.wire.Bytes32.of(new byte[32]);

        assertThatThrownBy(() -> kind.challenge(item, new TrainingCommitment(other.id(), 0, 10, zero, zero, zero)
                .encode())).isInstanceOfSatisfying(PouwException.class,
                        e -> assertThat(e.getMessage()).contains("is for task"));
        assertThatThrownBy(() -> kind.challenge(item, new TrainingCommitment(task.id(), 0, 9, zero, zero, zero)
                .encode())).isInstanceOfSatisfying(PouwException.class,
                        e -> assertThat(e.getMessage()).contains("[0, 10)"));
        assertThatThrownBy(() -> kind.challenge(item, new byte[] {1, 2, 3}))
                .isInstanceOfSatisfying(PouwException.class, e -> assertThat(e.field()).isEqualTo("commitment"));
    }

    @Test
    void openings_that_do_not_answer_the_stored_challenge_are_rejected_never_thrown() {
        TrainingTask task = MlFixtures.task(TRAIN, HELD_OUT, 12, TargetMetric.accuracyAtLeast(0.5), 1_000);
        WorkItem item = job(task, 3);
        byte[][] exchange = new byte[2][];
        byte[] proof = kind.prove(item, ProgressListener.NONE, commitment -> {
            exchange[0] = commitment;
            exchange[1] = kind.challenge(item, commitment);
            return exchange[1];
        });
        byte[] otherChallenge = kind.challenge(item, exchange[0]);
        Verdict foreign = kind.verify(withExchange(item, exchange[0], otherChallenge), proof);
        assertThat(foreign.accepted()).isFalse(); // (the two challenges could only agree by a 2^-256 nonce collision)

        byte[] tampered = proof.clone();
        tampered[tampered.length - 5] ^= 1;
        assertThat(kind.verify(withExchange(item, exchange[0], exchange[1]), tampered).accepted()).isFalse();
        assertThat(kind.verify(withExchange(item, exchange[0], exchange[1]), new byte[] {7}).reason())
                .isEqualTo(Verdict.Reason.MALFORMED);
        assertThat(kind.verify(withExchange(item, exchange[0], exchange[1]), proof).accepted()).isTrue();
    }

    @Test
    void a_one_shot_channel_makes_the_prover_fail_cleanly() {
        TrainingTask task = MlFixtures.task(TRAIN, HELD_OUT, 4, TargetMetric.accuracyAtLeast(0.5), 1_000);
        assertThatThrownBy(() -> kind.prove(job(task, 2), ProgressListener.NONE, ChallengeChannel.NONE))
                .isInstanceOf(WorkFailedException.class);
    }

    @Test
    void checkpoints_fit_the_budget() {
        assertThat(MlTrainKind.checkpointInterval(1_875, 875_112)).isEqualTo(7);
        assertThat(MlTrainKind.checkpointInterval(100, 1_000)).isEqualTo(1);
    }
}
