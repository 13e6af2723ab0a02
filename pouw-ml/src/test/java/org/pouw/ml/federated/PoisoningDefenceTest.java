package org.pouw.ml.federated;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pouw.ml.SyntheticData;
import org.pouw.ml.Tasks;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;

/**
 * Three of ten federated workers poison their updates. Plain averaging is derailed by each attack; the robust
 * rules keep the model accurate.
 */
class PoisoningDefenceTest {
    private static final int CLIENTS = 10;
    private static final int POISONED = 3;
    private static final Dataset TRAIN = SyntheticData.blobs(2000, 16, 4, 0.5, 60);
    private static final Dataset HELD_OUT = SyntheticData.blobs(500, 16, 4, 0.5, 61);
    private static final TrainingTask TASK = Tasks.smallMlp(TRAIN, HELD_OUT, 1_000_000);

    @Test
    void withoutAttackersEveryRuleLearns() {
        for (AggregationRule rule : robustRulesAndMean()) {
            assertThat(accuracyAfterTraining(rule, Poisoning.NONE)).as("%s", rule).isGreaterThan(0.9);
        }
    }

    @Test
    void plainAveragingIsDerailedByEachAttack() {
        for (Poisoning attack : List.of(Poisoning.SCALED, Poisoning.SIGN_FLIPPED, Poisoning.RANDOM)) {
            assertThat(accuracyAfterTraining(new Mean(), attack)).as("mean under %s", attack).isLessThan(0.6);
        }
    }

    @Test
    void robustRulesKeepTheModelAccurateUnderEachAttack() {
        for (AggregationRule rule : robustRulesAndMean().subList(1, 5)) {
            for (Poisoning attack : List.of(Poisoning.SCALED, Poisoning.SIGN_FLIPPED, Poisoning.RANDOM)) {
                assertThat(accuracyAfterTraining(rule, attack)).as("%s under %s", rule, attack).isGreaterThan(0.9);
            }
        }
    }

    private static List<AggregationRule> robustRulesAndMean() {
        return List.of(new Mean(), new CoordinateMedian(), new TrimmedMean(POISONED), new Krum(POISONED),
                new MultiKrum(POISONED, CLIENTS - POISONED - 1));
    }

    private static double accuracyAfterTraining(AggregationRule rule, Poisoning attack) {
        List<Dataset> shards = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            shards.add(TRAIN.shard(c, CLIENTS));
        }
        FederatedSpec spec = new FederatedSpec(rule, CLIENTS, 8, 12);
        FederatedTraining training = new FederatedTraining(TASK, spec, shards, ThreadTeam.single());
        SplittableRandom random = new SplittableRandom(99);
        for (int round = 0; round < spec.rounds(); round++) {
            List<float[]> submitted = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                float[] honest = training.localUpdate(c);
                submitted.add(c < POISONED ? attack.apply(honest, random) : honest);
            }
            training.applyRound(submitted);
        }
        return training.evaluate(HELD_OUT).accuracy();
    }
}
